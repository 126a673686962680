package org.kycorchestrator.ingress.tenants;

/** A merchant using the API. Every customer and webhook endpoint belongs to exactly one tenant. */
public record Tenant(String id) {
}
