package dev.canopy.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The OpenAPI documents served at {@code /openapi/v2} and {@code /openapi/v3[/{api/v1 | apis/g/v}]}. */
public interface OpenApiDocs {
    ObjectNode v3Index();

    /** @param group "" for core */
    ObjectNode v3(String group, String version);

    ObjectNode v2();
}
