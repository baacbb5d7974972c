package dev.gpunotebook.core.model;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a notebook's instance costs: the On-Demand price per hour of its type in its region, and
 * what the current run has cost so far (compute only: EBS storage is billed even while stopped).
 * Unknown prices stay unknown rather than guessed.
 *
 * @param hourlyUsd the price per hour, or null when the price table has no entry
 * @param currentRunUsd hourly price times the current run's uptime, or null (unknown price, or not running)
 * @param source where the price comes from (table, region, date), or why it is unknown
 */
public record CostEstimate(BigDecimal hourlyUsd, BigDecimal currentRunUsd, String source) {

    public CostEstimate {
        if (hourlyUsd != null && hourlyUsd.signum() < 0) {
            throw new IllegalArgumentException("a price per hour cannot be negative: " + hourlyUsd);
        }
        if (currentRunUsd != null && currentRunUsd.signum() < 0) {
            throw new IllegalArgumentException("a cost cannot be negative: " + currentRunUsd);
        }
        if (hourlyUsd == null && currentRunUsd != null) {
            throw new IllegalArgumentException("a cost so far needs a price per hour");
        }
        source = source == null ? "" : source;
    }

    public static CostEstimate unknown(String why) {
        return new CostEstimate(null, null, why);
    }

    public Optional<BigDecimal> hourly() {
        return Optional.ofNullable(hourlyUsd);
    }

    public Optional<BigDecimal> currentRun() {
        return Optional.ofNullable(currentRunUsd);
    }
}
