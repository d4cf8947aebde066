package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.api.ResourceType;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.api.kiosk.SpaceLabels;
import dev.canopy.api.selector.LabelSelector;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.server.http.ListFilter;
import dev.canopy.server.http.Visibility;
import java.util.List;
import java.util.Optional;

/**
 * Step 3b: {@code kubectl get spaces|accounts|accountquotas} (list and watch) for callers RBAC does not
 * allow to read them all: served filtered to what {@link KioskAccess} lets them see. A Space list is
 * narrowed to the caller's accounts through the account label and the store's label index (never a scan of
 * every Space) unless the caller is a tenant admin. A watch re-checks when {@link KioskAccess#generation}
 * changes and sends DELETED for what the caller no longer sees (kiosk never did). Thread-safe, no I/O.
 */
public final class KioskListFilter implements ListFilter {
    private final KioskAccess access;

    public KioskListFilter(KioskAccess access) { this.access = access; }

    @Override
    public Optional<Visibility> filter(UserInfo user, String verb, ResourceType type, String namespace) {
        if (!verb.equals("list") && !verb.equals("watch")) return Optional.empty();
        String resource = type.storageResource();
        if (resource.equals(KioskKinds.SPACES)) {
            LabelSelector.Requirement narrow = access.visibleAccounts(user)
                    .map(a -> new LabelSelector.Requirement(SpaceLabels.ACCOUNT, LabelSelector.Operator.IN, a)).orElse(null);
            return Optional.of(of((u, o) -> access.canSeeAccount(u, Objects.text(o, "spec.account")), narrow));
        }
        if (resource.equals(KioskKinds.ACCOUNTS)) return Optional.of(of((u, o) -> access.canSeeAccount(u, Objects.name(o)), null));
        if (resource.equals(KioskKinds.ACCOUNT_QUOTAS)) {
            return Optional.of(of((u, o) -> access.canSeeAccount(u, Objects.text(o, "spec.account")), null));
        }
        return Optional.empty();
    }

    private interface Check { boolean test(UserInfo user, ObjectNode object); }

    private Visibility of(Check check, LabelSelector.Requirement narrow) {
        return new Visibility() {
            @Override public boolean visible(UserInfo user, ResourceType type, ObjectNode object) { return check.test(user, object); }
            @Override public long generation() { return access.generation(); }
            @Override public LabelSelector.Requirement labelRequirement() { return narrow; }
        };
    }

    /** Tries {@code first}, then {@code second}: the seed's ListFilters chained. */
    public static ListFilter chain(ListFilter first, ListFilter second) {
        return (u, v, t, n) -> first.filter(u, v, t, n).or(() -> second.filter(u, v, t, n));
    }

    static List<String> resources() { return List.of(KioskKinds.SPACES, KioskKinds.ACCOUNTS, KioskKinds.ACCOUNT_QUOTAS); }
}
