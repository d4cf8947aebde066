package dev.canopy.tenancy;

import dev.canopy.api.tenancy.Tenant;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Small builders for tenants in tests: {@code tenant("tenant-root", "foo", MONITORING)}. */
final class Fixtures {
    private Fixtures() {}

    static Tenant tenant(String namespace, String name, TenantService... own) {
        return tenant(namespace, name, null, Map.of(), own);
    }

    static Tenant tenant(String namespace, String name, String host, Map<String, String> quotas, TenantService... own) {
        Set<TenantService> s = own.length == 0 ? Set.of() : Set.of(own);
        Map<String, Quantity> q = new LinkedHashMap<>();
        quotas.forEach((k, v) -> q.put(k, new Quantity(v)));
        return new Tenant("tenancy.canopy.dev/v1alpha1", "Tenant",
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build(),
                new Tenant.Spec(host, flag(s, TenantService.ETCD), flag(s, TenantService.INGRESS), flag(s, TenantService.MONITORING),
                        flag(s, TenantService.SEAWEEDFS), q.isEmpty() ? null : q, null),
                null);
    }

    static Tenant withQuota(String namespace, String name, Map<String, String> quotas) {
        return tenant(namespace, name, null, quotas);
    }

    private static Boolean flag(Set<TenantService> s, TenantService x) { return s.contains(x) ? Boolean.TRUE : null; }

    static Map<String, Quantity> q(String... kv) {
        Map<String, Quantity> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], new Quantity(kv[i + 1]));
        return m;
    }
}
