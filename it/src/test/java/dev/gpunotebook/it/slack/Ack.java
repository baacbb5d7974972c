package dev.gpunotebook.it.slack;

import java.util.Objects;

/**
 * The bot's acknowledgement of one envelope, as the Socket Mode fake received it.
 *
 * @param envelopeId the envelope acknowledged
 * @param latencyNanos from sending the envelope to receiving the ack
 * @param payloadText the text of the ack's payload, if any
 */
public record Ack(String envelopeId, long latencyNanos, String payloadText) {

    public Ack {
        Objects.requireNonNull(envelopeId, "envelopeId");
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("negative latency");
        }
        payloadText = payloadText == null ? "" : payloadText;
    }
}
