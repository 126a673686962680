package org.kycorchestrator.bench;

/** One number a repetition produced, e.g. {@code throughput = 1234.5 requests/s}. */
public record Figure(String name, String unit, double value) {
}
