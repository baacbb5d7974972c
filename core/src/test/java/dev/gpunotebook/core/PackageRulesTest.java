package dev.gpunotebook.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The written rule of which core package may depend on which (see the README): only {@code aws}
 * talks to the AWS SDK, only {@code diagnose.userdata} reads YAML, the logic speaks the project's
 * own records, and there are no cycles.
 */
class PackageRulesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/gpunotebook/core");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.*]+);", Pattern.MULTILINE);

    /** The core packages each core package may import (besides itself, the JDK, slf4j, Jackson and SnakeYAML Engine). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("core", Set.of("core.diagnose", "core.aws", "core.cloud", "core.model", "core.provision",
                    "core.provision.setup", "core.provision.start", "core.lifecycle", "core.pricing", "core.idle")),
            Map.entry("core.model", Set.of("core")),
            Map.entry("core.cloud", Set.of("core")),
            Map.entry("core.provision", Set.of("core")),
            Map.entry("core.provision.setup", Set.of("core", "core.cloud", "core.model", "core.provision")),
            Map.entry("core.provision.start", Set.of("core", "core.cloud", "core.model", "core.provision")),
            Map.entry("core.pricing", Set.of("core", "core.model")),
            Map.entry("core.lifecycle", Set.of("core", "core.cloud", "core.model", "core.provision", "core.pricing")),
            Map.entry("core.idle", Set.of("core", "core.cloud", "core.model", "core.provision", "core.lifecycle")),
            Map.entry("core.aws", Set.of("core", "core.cloud", "core.model", "core.diagnose", "core.diagnose.snapshot")),
            Map.entry("core.diagnose", Set.of("core", "core.model", "core.diagnose.checks", "core.diagnose.snapshot")),
            Map.entry("core.diagnose.checks", Set.of("core", "core.model", "core.diagnose", "core.diagnose.snapshot",
                    "core.diagnose.userdata")),
            Map.entry("core.diagnose.snapshot", Set.of("core", "core.model")),
            Map.entry("core.diagnose.userdata", Set.of("core", "core.diagnose.snapshot")));

    record Dependency(String fromPackage, String file, String imported) {
    }

    private static List<Dependency> dependencies() {
        List<Dependency> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                String pkg = relative.isEmpty() ? "core" : "core." + relative;
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    found.add(new Dependency(pkg, file.getFileName().toString(), packageOf(m.group(1))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** The package part of an import: the segments before the first type name (which starts upper-case). */
    private static String packageOf(String imported) {
        List<String> segments = new ArrayList<>();
        for (String segment : imported.split("\\.")) {
            if (segment.equals("*") || Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            segments.add(segment);
        }
        return String.join(".", segments);
    }

    @Test
    void imports_whenAnyPackageUsesTheAwsSdk_itIsTheAwsPackage() {
        assertThat(dependencies()).filteredOn(d -> d.imported().startsWith("software.amazon.awssdk"))
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.fromPackage()).as(d.file()).isEqualTo("core.aws"));
    }

    @Test
    void imports_whenAnyPackageUsesSnakeYaml_itIsTheUserDataPackage() {
        assertThat(dependencies()).filteredOn(d -> d.imported().startsWith("org.snakeyaml"))
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.fromPackage()).as(d.file()).isEqualTo("core.diagnose.userdata"));
    }

    @Test
    void imports_whenCoreUsesCorePackages_followsTheWrittenRule() {
        assertThat(dependencies()).filteredOn(d -> d.imported().startsWith("dev.gpunotebook.core"))
                .allSatisfy(d -> {
                    String target = d.imported().replaceFirst("^dev\\.gpunotebook\\.", "");
                    if (!target.equals(d.fromPackage())) {
                        assertThat(ALLOWED.get(d.fromPackage())).as(d.file() + " imports " + d.imported())
                                .contains(target);
                    }
                });
    }

    @Test
    void packages_whenTheSourcesAreWalked_eachHasAWrittenRule() {
        assertThat(dependencies()).extracting(Dependency::fromPackage).allSatisfy(pkg ->
                assertThat(ALLOWED).as("the package rule of " + pkg).containsKey(pkg));
    }

    @Test
    void imports_whenCoreIsCompiled_knowsNothingOfSlackOrTheFrontEnds() {
        assertThat(dependencies()).noneMatch(d -> d.imported().startsWith("com.slack")
                || d.imported().startsWith("dev.gpunotebook.bot"));
    }
}
