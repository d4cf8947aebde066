package dev.canopy.cli.seed;

/**
 * Where a seed is and how to trust it, as read from the current kubeconfig context: what a new
 * kubeconfig for another user must repeat.
 *
 * @param clusterName the kubeconfig's cluster entry name (reused so users see a familiar name)
 * @param server      the API URL, e.g. {@code https://127.0.0.1:6443}
 * @param caData      base64 PEM of the CA that signs the seed's certificate, or null
 * @param insecure    {@code insecure-skip-tls-verify} was set (carried over rather than silently dropped)
 */
public record SeedEndpoint(String clusterName, String server, String caData, boolean insecure) {}
