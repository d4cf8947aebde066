package dev.canopy.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One page of a list, ordered by namespace then name.
 *
 * @param items              the objects (each with metadata.resourceVersion)
 * @param revision           the store revision the list reflects (the list's resourceVersion)
 * @param continueToken      null when this is the last page
 * @param remainingItemCount how many matching objects follow this page, when known (else null)
 */
public record ListResult(List<ObjectNode> items, long revision, String continueToken, Long remainingItemCount) {}
