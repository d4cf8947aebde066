package dev.canopy.backbone;

import java.util.regex.Pattern;

/**
 * The backbone's subject names. Every cluster owns {@code fleet.<cluster>.>}; inside it the seed
 * publishes desired state on {@code .desired} and RPC requests on {@code .rpc}, the agent publishes
 * reports on {@code .status}. Agents use the inbox prefix {@code _INBOX_<cluster>} so that no agent may
 * subscribe to another one's replies; bootstrap users use {@code _INBOX_signup_<id>}. Stateless.
 */
public final class Subjects {
    /** Cluster names are DNS-1123 labels, hence always one NATS token without wildcards. */
    private static final Pattern CLUSTER = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public static final String FLEET_ALL = "fleet.>";
    public static final String SIGNUP = "fleet.signup";
    /** jnats' default inbox prefix, used by the seed. */
    public static final String SEED_INBOX_ALL = "_INBOX.>";

    private Subjects() {}

    public static String desired(String cluster) { return "fleet." + cluster(cluster) + ".desired"; }
    public static String status(String cluster) { return "fleet." + cluster(cluster) + ".status"; }
    public static String rpc(String cluster) { return "fleet." + cluster(cluster) + ".rpc"; }
    /** Everything a cluster owns. */
    public static String clusterAll(String cluster) { return "fleet." + cluster(cluster) + ".>"; }

    /** What an agent may publish: its status subject only. */
    public static String[] agentPublish(String cluster) { return new String[] {status(cluster)}; }

    /** What an agent may subscribe to: its desired state, its RPC subject, its own inbox; disjoint from {@link #agentPublish}. */
    public static String[] agentSubscribe(String cluster) {
        return new String[] {desired(cluster), rpc(cluster), agentInboxPrefix(cluster) + ".>"};
    }

    /**
     * True when {@code replyTo} is an inbox of whoever may publish on {@code requestSubject}: the agent's
     * {@code _INBOX_<cluster>.} for {@code fleet.<cluster>.…}, a bootstrap inbox for {@link #SIGNUP}. The
     * seed answers a request only then; otherwise a sender could aim the seed's answer (the seed may
     * publish on {@code fleet.>}) at another cluster's subjects.
     */
    public static boolean isReplySubjectOf(String requestSubject, String replyTo) {
        if (replyTo == null) return false;
        if (SIGNUP.equals(requestSubject)) return replyTo.startsWith("_INBOX_signup_") && replyTo.indexOf('.') > 0;
        String cluster = clusterOf(requestSubject);
        return cluster != null && replyTo.startsWith(agentInboxPrefix(cluster) + ".");
    }

    /** The inbox prefix an agent must configure ({@code Options.Builder.inboxPrefix}). */
    public static String agentInboxPrefix(String cluster) { return "_INBOX_" + cluster(cluster); }
    /** The inbox prefix a bootstrap (signup) client must configure. */
    public static String bootstrapInboxPrefix(String bootstrapId) { return "_INBOX_signup_" + token(bootstrapId); }

    /** The cluster name of a {@code fleet.<cluster>.…} subject, or null (also for {@code fleet.signup}). */
    public static String clusterOf(String subject) {
        if (subject == null || !subject.startsWith("fleet.")) return null;
        String[] parts = subject.split("\\.");
        if (parts.length < 3 || !CLUSTER.matcher(parts[1]).matches()) return null;
        return parts[1];
    }

    public static boolean isClusterName(String name) { return name != null && CLUSTER.matcher(name).matches() && !name.equals("signup"); }

    /** Returns the name or throws IllegalArgumentException when it is not a valid cluster name. */
    public static String cluster(String name) {
        if (!isClusterName(name)) throw new IllegalArgumentException("invalid cluster name for a NATS subject: " + name);
        return name;
    }

    static String token(String value) {
        if (value == null || !TOKEN.matcher(value).matches()) throw new IllegalArgumentException("invalid subject token: " + value);
        return value;
    }
}
