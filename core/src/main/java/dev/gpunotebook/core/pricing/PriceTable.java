package dev.gpunotebook.core.pricing;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.model.CostEstimate;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * On-Demand prices per hour of GPU instance types per region, from the built-in table
 * ({@code gpu-on-demand-usd.properties}: its source and date are in the file) and an optional
 * override file named by {@value #ENV_VARIABLE}. A missing entry is "unknown", never a guess.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.fromEnvironment(System.getenv());
 * CostEstimate cost = prices.estimate("us-east-1", "g5.xlarge", Duration.ofMinutes(90));
 * }</pre>
 */
public final class PriceTable {

    public static final String ENV_VARIABLE = "GPU_NOTEBOOK_PRICES";
    static final String RESOURCE = "/dev/gpunotebook/core/pricing/gpu-on-demand-usd.properties";
    private static final Pattern KEY = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d/[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private final Map<String, BigDecimal> hourly;
    private final String source;

    private PriceTable(Map<String, BigDecimal> hourly, String source) {
        this.hourly = Map.copyOf(hourly);
        this.source = source;
    }

    /** The built-in table only. */
    public static PriceTable builtIn() {
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in price table " + RESOURCE + " is missing from the jar");
            }
            Properties properties = new Properties();
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return parse(properties, "built-in table").orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in price table " + RESOURCE, e);
        }
    }

    /** The built-in table, overridden entry by entry by the file {@value #ENV_VARIABLE} names, if set. */
    public static PriceTable fromEnvironment(Map<String, String> environment) {
        PriceTable table = builtIn();
        String file = environment.getOrDefault(ENV_VARIABLE, "").trim();
        if (file.isEmpty()) {
            return table;
        }
        Path path = Path.of(file);
        try {
            return table.overriddenBy(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw GpuNotebookException.invalidInput(ENV_VARIABLE + " names the price file " + path
                    + ", which cannot be read (" + e.getClass().getSimpleName() + "). Fix the path or unset "
                    + ENV_VARIABLE + " to use the built-in prices.");
        }
    }

    /** This table with the entries of {@code text} (properties: {@code us-east-1/g5.xlarge=1.006}) on top. */
    public PriceTable overriddenBy(String text, String origin) {
        Properties properties = new Properties();
        try (Reader reader = new StringReader(text)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw GpuNotebookException.invalidInput("The price file " + origin + " is not a properties file: "
                    + e.getMessage());
        }
        PriceTable override = parse(properties, origin).orElseThrow();
        Map<String, BigDecimal> merged = new HashMap<>(hourly);
        merged.putAll(override.hourly);
        return new PriceTable(merged, source + "; overridden by " + override.source);
    }

    private static Optional<PriceTable> parse(Properties properties, String origin) {
        Map<String, BigDecimal> prices = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.equals("source") || key.equals("date")) {
                continue;
            }
            String value = properties.getProperty(key).trim();
            if (!KEY.matcher(key).matches()) {
                throw GpuNotebookException.invalidInput("The price file " + origin + " has the key '" + key
                        + "': expected <region>/<instance type>, such as us-east-1/g5.xlarge.");
            }
            BigDecimal price;
            try {
                price = new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw GpuNotebookException.invalidInput("The price file " + origin + " has '" + value + "' for "
                        + key + ": expected US dollars per hour, such as 1.006.");
            }
            if (price.signum() < 0) {
                throw GpuNotebookException.invalidInput("The price file " + origin + " has a negative price for "
                        + key + ".");
            }
            prices.put(key, price);
        }
        String described = properties.getProperty("source", origin)
                + (properties.containsKey("date") ? ", " + properties.getProperty("date") : "");
        return Optional.of(new PriceTable(prices, described));
    }

    /** Where the prices come from (source and date). */
    public String source() {
        return source;
    }

    public Optional<BigDecimal> hourly(String region, String instanceType) {
        return Optional.ofNullable(hourly.get(region + "/" + instanceType));
    }

    /**
     * The price per hour and what {@code uptime} of running has cost at it (per second, as EC2 bills
     * Linux instances, with its 60-second minimum), rounded to cents; unknown when the table has no entry.
     *
     * @param uptime the current run, or null when the instance is not running
     */
    public CostEstimate estimate(String region, String instanceType, Duration uptime) {
        if (instanceType == null || instanceType.isEmpty()) {
            return CostEstimate.unknown("unknown: no instance");
        }
        Optional<BigDecimal> price = hourly(region, instanceType);
        if (price.isEmpty()) {
            return CostEstimate.unknown("unknown: no price for " + instanceType + " in " + region
                    + " in the table; add it with " + ENV_VARIABLE);
        }
        BigDecimal soFar = null;
        if (uptime != null) {
            long seconds = Math.max(60, uptime.toSeconds());
            soFar = price.get().multiply(BigDecimal.valueOf(seconds)).divide(SECONDS_PER_HOUR, 2, RoundingMode.HALF_UP);
        }
        return new CostEstimate(price.get(), soFar, source + " (" + region + ")");
    }
}
