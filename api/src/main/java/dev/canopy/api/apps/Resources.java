package dev.canopy.api.apps;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;

/** Explicit CPU and memory per replica (or per node); when set it wins over {@code resourcesPreset}. */
public record Resources(
        @JsonPropertyDescription("CPU available to each replica, e.g. 500m or 2.") Quantity cpu,
        @JsonPropertyDescription("Memory available to each replica, e.g. 512Mi or 4Gi.") Quantity memory) {}
