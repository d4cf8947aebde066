package dev.canopy.api.kiosk;

/**
 * Labels a Space's management-plane namespace carries. The Space flow (server {@code kiosk} package) sets
 * them; fleet sources and the template controller read them to find a namespace's account and cluster.
 */
public final class SpaceLabels {
    private SpaceLabels() {}

    /** The owning Account's name. */
    public static final String ACCOUNT = "tenancy.canopy.dev/account";
    /** kiosk's own account label, kept beside {@link #ACCOUNT} so kiosk's selectors and tools still work. */
    public static final String KIOSK_ACCOUNT = "kiosk.sh/account";
    /** The Cluster the Space is placed on. */
    public static final String CLUSTER = "tenancy.canopy.dev/cluster";
}
