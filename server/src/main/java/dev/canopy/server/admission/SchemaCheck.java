package dev.canopy.server.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.ResourceType;
import java.util.List;

/** Strict structural validation of a request body against the kind's schema (unknown fields, wrong types). */
@FunctionalInterface
public interface SchemaCheck {
    List<FieldError> check(ResourceType type, JsonNode body);

    SchemaCheck NONE = (t, b) -> List.of();
}
