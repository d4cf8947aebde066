package dev.canopy.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage derived from objects: apps and descendant tenants counted in every ancestor's subtree. */
class UsageTest {
    static ObjectNode obj(String ns, String name) {
        ObjectNode o = Json.object();
        o.putObject("metadata").put("namespace", ns).put("name", name);
        o.putObject("spec");
        return o;
    }

    @Test
    void subtreesFollowTheNamingRule() {
        assertThat(Usage.inSubtree("tenant-root", "tenant-foo-bar")).isTrue();
        assertThat(Usage.inSubtree("tenant-foo", "tenant-foo-bar")).isTrue();
        assertThat(Usage.inSubtree("tenant-foo", "tenant-foo")).isTrue();
        assertThat(Usage.inSubtree("tenant-foo", "tenant-foobar")).isFalse();
        assertThat(Usage.inSubtree("tenant-foo-bar", "tenant-foo")).isFalse();
        assertThat(Usage.inSubtree("tenant-root", "default")).isFalse();
    }

    @Test
    void appsAndTenantsAreChargedToEveryAncestor() {
        List<ObjectNode> apps = List.of(obj("tenant-foo-bar", "db1"), obj("tenant-foo", "db2"), obj("tenant-sib", "db3"));
        List<ObjectNode> tenants = List.of(obj("tenant-root", "root"), obj("tenant-root", "foo"), obj("tenant-foo", "bar"), obj("tenant-root", "sib"));
        Map<String, Map<String, BigDecimal>> u = Usage.of(List.of("tenant-root", "tenant-foo", "tenant-foo-bar"), apps, a -> "Postgres", tenants);
        assertThat(u.get("tenant-root").get("apps")).isEqualByComparingTo("3");
        assertThat(u.get("tenant-foo").get("apps")).isEqualByComparingTo("2");
        assertThat(u.get("tenant-foo-bar").get("apps")).isEqualByComparingTo("1");
        assertThat(u.get("tenant-root").get("tenants")).isEqualByComparingTo("3");
        assertThat(u.get("tenant-foo").get("tenants")).isEqualByComparingTo("1");
        assertThat(u.get("tenant-foo-bar")).doesNotContainKey("tenants");
        // Postgres default: 2 replicas × 10Gi each
        assertThat(u.get("tenant-foo-bar").get("storage")).isEqualByComparingTo(new BigDecimal(20L * 1024 * 1024 * 1024));
    }
}
