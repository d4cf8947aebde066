package dev.canopy.server.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.server.http.RequestContext;
import java.util.List;

/**
 * One write about to happen. {@code object} is the object to be stored (plugins may mutate it on CREATE
 * and UPDATE); {@code old} is the stored object on UPDATE and DELETE, null on CREATE.
 * {@code warnings} collects texts returned to the client as {@code Warning} headers.
 */
public record AdmissionRequest(Operation operation, RequestContext context, ObjectNode object, ObjectNode old, List<String> warnings) {}
