package dev.canopy.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The kubectl commands that go through client-go's typed clientset, which sends request bodies as
 * {@code application/vnd.kubernetes.protobuf}: each must work against a real seed (no 415).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlProtobufE2E {
    @RegisterExtension
    static final KubectlSeed env = KubectlSeed.embedded();

    private static Kubectl.Result ok(String... args) {
        Kubectl.Result r = env.k().run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.all()).isZero();
        return r;
    }

    @Test
    @Order(1)
    void createCoreKinds() {
        ok("create", "namespace", "pb");
        ok("-n", "pb", "create", "configmap", "cm", "--from-literal=color=blue", "--from-literal=size=xl");
        assertThat(ok("-n", "pb", "get", "configmap", "cm", "-o", "jsonpath={.data.color}/{.data.size}").out()).isEqualTo("blue/xl");
        ok("-n", "pb", "create", "secret", "generic", "s", "--from-literal=user=admin");
        assertThat(ok("-n", "pb", "get", "secret", "s", "-o", "jsonpath={.data.user}").out()).isEqualTo("YWRtaW4=");
        ok("-n", "pb", "create", "serviceaccount", "robot");
        assertThat(ok("-n", "pb", "get", "serviceaccount", "robot", "-o", "name").out().trim()).isEqualTo("serviceaccount/robot");
    }

    @Test
    @Order(2)
    void createRbacKinds() {
        ok("-n", "pb", "create", "role", "reader", "--verb=get,list", "--resource=configmaps", "--resource-name=cm");
        assertThat(ok("-n", "pb", "get", "role", "reader", "-o", "jsonpath={.rules[0].verbs}").out()).contains("get", "list");
        ok("-n", "pb", "create", "rolebinding", "reader", "--role=reader", "--user=ann", "--serviceaccount=pb:robot");
        assertThat(ok("-n", "pb", "get", "rolebinding", "reader", "-o", "jsonpath={.roleRef.name}/{.subjects[*].name}").out())
                .isEqualTo("reader/ann robot");
        ok("create", "clusterrole", "pb-logs", "--verb=get", "--non-resource-url=/logs");
        ok("create", "clusterrole", "pb-agg", "--aggregation-rule=pb.example.com/aggregate=true");
        ok("create", "clusterrolebinding", "pb-logs", "--clusterrole=pb-logs", "--group=devs");
        assertThat(ok("get", "clusterrolebinding", "pb-logs", "-o", "jsonpath={.subjects[0].kind}").out()).isEqualTo("Group");
    }

    @Test
    @Order(3)
    void authCommands() {
        assertThat(ok("auth", "can-i", "get", "configmaps", "-n", "pb").out().trim()).isEqualTo("yes");
        assertThat(env.k().run("auth", "can-i", "get", "configmaps/cm", "-n", "pb", "--as=ann").out().trim()).isEqualTo("yes");
        assertThat(env.k().run("auth", "can-i", "delete", "configmaps", "-n", "pb", "--as=ann").out().trim()).isEqualTo("no");
        assertThat(ok("auth", "can-i", "--list", "-n", "pb", "--as=ann").out()).contains("configmaps");
        assertThat(ok("auth", "whoami").out()).contains("Username");
    }

    @Test
    @Order(4)
    void createToken() {
        Kubectl.Result r = env.k().run("-n", "pb", "create", "token", "robot", "--duration=10m");
        assertThat(r.all()).doesNotContain("UnsupportedMediaType").doesNotContain("protobuf");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out().trim()).isNotEmpty();
    }
}
