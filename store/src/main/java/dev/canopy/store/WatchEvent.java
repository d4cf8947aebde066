package dev.canopy.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change seen by a watch. For a watch with a selector, an object that stops matching arrives as
 * DELETED (with its new state) and one that starts matching as ADDED, as kube-apiserver does.
 *
 * @param object    the object after the change (for DELETED: its last state)
 * @param previous  the object before the change, null for ADDED of a new object
 * @param revision  the store revision of the change
 */
public record WatchEvent(Type type, ObjectNode object, ObjectNode previous, long revision) {
    public enum Type { ADDED, MODIFIED, DELETED }
}
