package dev.canopy.api.apps;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/** A managed PostgreSQL cluster (Cozystack's {@code Postgres} app), with Cozystack's user-facing values. */
@JsonClassDescription("A managed PostgreSQL database cluster in a tenant.")
public record Postgres(String apiVersion, String kind, ObjectMeta metadata, Spec spec, AppStatus status) {

    public record Spec(
            @JsonPropertyDescription("Number of Postgres replicas (default 2).") Integer replicas,
            @JsonPropertyDescription("Sizing preset used when resources is omitted: nano, micro, small, medium, large, xlarge, 2xlarge (default micro).") String resourcesPreset,
            @JsonPropertyDescription("Explicit CPU and memory per replica; wins over resourcesPreset.") Resources resources,
            @JsonPropertyDescription("Persistent volume size per replica (default 10Gi).") Quantity size,
            @JsonPropertyDescription("StorageClass used to store the data.") String storageClass,
            @JsonPropertyDescription("Enable access from outside the cluster.") Boolean external,
            @JsonPropertyDescription("PostgreSQL major version, e.g. v17.") String version,
            @JsonPropertyDescription("Users by name.") Map<String, User> users,
            @JsonPropertyDescription("Databases by name.") Map<String, Database> databases,
            @JsonPropertyDescription("PostgreSQL server configuration.") PostgresqlConfig postgresql,
            @JsonPropertyDescription("Quorum-based synchronous replication.") Quorum quorum,
            @JsonPropertyDescription("Backup configuration (Cozystack's shape, passed through).") ObjectNode backup,
            @JsonPropertyDescription("Restore from a backup (Cozystack's shape, passed through).") ObjectNode bootstrap) {}

    public record User(
            @JsonPropertyDescription("Password; generated when omitted.") String password,
            @JsonPropertyDescription("Whether the user has replication privileges.") Boolean replication) {}

    public record Database(
            @JsonPropertyDescription("Users holding each role in this database.") Roles roles,
            @JsonPropertyDescription("PostgreSQL extensions to enable.") List<String> extensions) {}

    public record Roles(
            @JsonPropertyDescription("Users with admin privileges.") List<String> admin,
            @JsonPropertyDescription("Users with read-only privileges.") List<String> readonly) {}

    public record PostgresqlConfig(@JsonPropertyDescription("PostgreSQL server parameters.") Map<String, String> parameters) {}

    public record Quorum(
            @JsonPropertyDescription("Minimum number of synchronous replicas required for commit.") Integer minSyncReplicas,
            @JsonPropertyDescription("Maximum number of synchronous replicas (less than replicas).") Integer maxSyncReplicas) {}
}
