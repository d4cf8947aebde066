package dev.canopy.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import dev.canopy.tenancy.TreeView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tree built from status alone, so a tenant user who cannot see the ancestors still gets their subtree. */
class TenantForestTest {
    static JsonNode yaml(String s) { return Json.parseYaml(s.getBytes()); }

    static final JsonNode U1 = yaml("""
            metadata: {name: u1, namespace: tenant-root}
            spec: {etcd: true, ingress: true, monitoring: true}
            status: {namespace: tenant-u1, domain: u1.example.org}
            """);
    static final JsonNode U2 = yaml("""
            metadata: {name: u2, namespace: tenant-u1}
            spec: {}
            status: {namespace: tenant-u1-u2, domain: u2.u1.example.org}
            """);
    static final JsonNode DB = yaml("""
            metadata: {name: postgres-db1, namespace: tenant-u1-u2}
            status: {host: postgres-db1.u2.u1.example.org}
            """);

    @Test
    void drawsSeed001ServiceInheritance() {
        List<TreeView.Node> forest = TenantForest.build(List.of(U2, U1), List.of(Map.entry("Postgres", DB)), null);
        assertThat(TreeView.render(forest)).isEqualTo("""
                tenant-u1 (u1.example.org)
                ├── etcd
                ├── ingress
                ├── monitoring
                └── tenant-u1-u2 (u2.u1.example.org)
                    └── postgres-db1 (postgres-db1.u2.u1.example.org)
                """);
    }

    @Test
    void aSubtreeOrNothing() {
        assertThat(TenantForest.build(List.of(U1, U2), List.of(), "tenant-u1-u2")).extracting(TreeView.Node::namespace).containsExactly("tenant-u1-u2");
        assertThat(TenantForest.build(List.of(U2), List.of(), null)).extracting(TreeView.Node::namespace).containsExactly("tenant-u1-u2");
        assertThat(TenantForest.build(List.of(U1), List.of(), "tenant-x")).isEmpty();
    }
}
