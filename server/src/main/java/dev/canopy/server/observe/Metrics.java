package dev.canopy.server.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The seed's Prometheus metrics: request latency per verb/resource/code
 * ({@code apiserver_request_duration_seconds}, named like kube-apiserver's), open watches, store revision,
 * PostgreSQL pool. Thread-safe.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public PrometheusMeterRegistry registry() { return registry; }

    private final java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public void request(String verb, String group, String resource, int code, Duration took) {
        timers.computeIfAbsent(verb + " " + group + " " + resource + " " + code, k -> Timer.builder("apiserver_request_duration_seconds")
                .description("API request latency by verb, group, resource and code")
                .tag("verb", verb).tag("group", group).tag("resource", resource).tag("code", Integer.toString(code))
                .publishPercentileHistogram(false)
                .publishPercentiles(0.5, 0.99)
                .register(registry)).record(took);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public String scrape() { return registry.scrape(); }
}
