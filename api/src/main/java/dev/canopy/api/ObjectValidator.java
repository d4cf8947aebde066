package dev.canopy.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Kind-specific validation beyond the schema (which already rejects unknown fields and wrong types).
 * Pure: no I/O, no clock; called on every create and update before anything is written.
 * Returns the offending fields, empty when the object is valid.
 */
@FunctionalInterface
public interface ObjectValidator {
    /** @param old the stored object on update, null on create */
    List<FieldError> validate(ObjectNode obj, ObjectNode old);

    ObjectValidator NONE = (o, old) -> List.of();
}
