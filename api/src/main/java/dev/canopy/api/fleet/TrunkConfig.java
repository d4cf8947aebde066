package dev.canopy.api.fleet;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * fleet.canopy.dev/v1alpha1 TrunkConfig: asks the seed for the nats-server configuration of a trunk relay
 * (a nats-server near a group of leaf clusters, linked to the seed's server by a leafnode connection) and the
 * credentials of its link. Cluster-scoped and create-only; it carries secrets, so only callers allowed to
 * create trunkconfigs (admins) get one.
 */
@JsonClassDescription("A request for a trunk relay's nats-server configuration and link credentials; returned in status, never stored.")
public record TrunkConfig(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {
    public record Spec(
            @JsonPropertyDescription("The trunk's name (server_name; letters, digits, '-' and '_').") String name,
            @JsonPropertyDescription("LeafDials (default): the trunk dials the seed's leafnode port; SeedDials: the trunk listens and the seed's server dials it (hub).") String direction,
            @JsonPropertyDescription("The trunk's client port for agents (default 4222).") Integer clientPort,
            @JsonPropertyDescription("SeedDials: the trunk's leafnode port (default 7422).") Integer leafPort,
            @JsonPropertyDescription("LeafDials: the seed's leafnode URL, e.g. nats-leaf://seed.example.org:7422 (default: the managed server's, on 127.0.0.1).") String seedLeafUrl,
            @JsonPropertyDescription("Where the link's .creds file will be on the machine that uses it (referenced by the configuration).") String credentialsPath,
            @JsonPropertyDescription("Where the system-account link's .creds will be (default: NAME-system.creds beside credentialsPath).") String systemCredentialsPath,
            @JsonPropertyDescription("The trunk's account cache directory (default: NAME-jwt beside credentialsPath).") String jwtDir) {}

    public record Status(
            @JsonPropertyDescription("The configuration file of the trunk's nats-server.") String config,
            @JsonPropertyDescription("The .creds file of the leafnode link (a secret).") String credentials,
            @JsonPropertyDescription("The .creds file of the system-account link that carries account updates such as revocations (a secret).") String systemCredentials,
            @JsonPropertyDescription("SeedDials: the leafnode remotes the seed's nats-server needs.") String seedRemote) {}
}
