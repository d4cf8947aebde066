package dev.canopy.store;

/**
 * Where one object lives in the store.
 *
 * @param resource  {@code ResourceType.storageResource()}, e.g. "core/configmaps", "tenancy.canopy.dev/tenants";
 *                  aliases of a kind share it
 * @param namespace "" for cluster-scoped objects
 * @param name      metadata.name
 */
public record ResourceKey(String resource, String namespace, String name) {
    public ResourceKey {
        if (namespace == null) namespace = "";
    }

    public static ResourceKey cluster(String resource, String name) { return new ResourceKey(resource, "", name); }
}
