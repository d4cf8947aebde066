package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.server.controllers.SharedInformer;
import dev.canopy.server.controllers.SharedInformers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Step 1: informers on Accounts and Spaces → in-memory indexes the API answers from: accounts by name,
 * accounts by subject ({@code User:john}, {@code Group:devs}, {@code ServiceAccount:ns:name}) and Spaces by
 * account. So visibility and list narrowing never scan Spaces or namespaces per request.
 * {@link #generation()} changes whenever who-sees-what may have changed (subjects, tenant, a Space's
 * account), which filtered watches use to send DELETED/ADDED.
 *
 * <p>Thread-safe: writes come from the informer threads (synchronized), reads are lock-free on concurrent maps.
 */
public final class KioskCache implements AutoCloseable {
    private final Map<String, ObjectNode> accounts = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> accountsBySubject = new ConcurrentHashMap<>();
    private final Map<String, String> spaceAccount = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> spacesByAccount = new ConcurrentHashMap<>();
    private final Map<String, String> quotaAccount = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final List<Consumer<String>> accountListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> spaceListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> specListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> quotaListeners = new CopyOnWriteArrayList<>();
    private final List<SharedInformer.Registration> subscriptions = new ArrayList<>();

    /** Follows Accounts, Spaces and AccountQuotas (shared informers) and waits until each has listed. */
    public KioskCache start(SharedInformers informers) throws InterruptedException {
        subscriptions.add(informers.subscribe(KioskKinds.ACCOUNTS, new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) { upsertAccount(o); }
            @Override public void remove(ObjectNode o) { removeAccount(Objects.name(o)); }
        }, Duration.ofSeconds(60)));
        subscriptions.add(informers.subscribe(KioskKinds.SPACES, new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) { upsertSpace(Objects.name(o), Objects.text(o, "spec.account")); }
            @Override public void remove(ObjectNode o) { removeSpace(Objects.name(o)); }
        }, Duration.ofSeconds(60)));
        subscriptions.add(informers.subscribe(KioskKinds.ACCOUNT_QUOTAS, new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) {
                quotaAccount.put(Objects.name(o), Objects.text(o, "spec.account"));
                quotaListeners.forEach(l -> l.accept(Objects.name(o)));
            }
            @Override public void remove(ObjectNode o) { quotaAccount.remove(Objects.name(o)); }
        }, Duration.ofSeconds(60)));
        return this;
    }

    /** Called (on an informer thread) with the name of every Account whose spec (or existence) changed. */
    public void onAccountSpecChange(Consumer<String> l) { specListeners.add(l); }

    /** Called (on an informer thread) with the name of every Account that changed, vanished, or gained or lost a Space. */
    public void onAccountChange(Consumer<String> l) { accountListeners.add(l); }

    /** Called (on an informer thread) with the name of every Space that changed or vanished. */
    public void onSpaceChange(Consumer<String> l) { spaceListeners.add(l); }

    public long generation() { return generation.get(); }

    public Optional<ObjectNode> account(String name) { return Optional.ofNullable(accounts.get(name)); }

    public List<String> accountNames() { return new ArrayList<>(accounts.keySet()); }

    /** The owning tenant's namespace ({@code spec.tenant}, default tenant-root). */
    public static String tenantOf(JsonNode account) {
        String t = Objects.text(account, "spec.tenant");
        return t.isEmpty() ? KioskKinds.DEFAULT_TENANT : t;
    }

    /** The Account of a Space, or null. */
    public String accountOfSpace(String space) { return spaceAccount.get(space); }

    /** The Account an AccountQuota limits, or null. */
    public String accountOfQuota(String quota) { return quotaAccount.get(quota); }

    /** Called (on an informer thread) with the name of every AccountQuota that changed. */
    public void onQuotaChange(Consumer<String> l) { quotaListeners.add(l); }

    public List<String> quotaNames() { return new ArrayList<>(quotaAccount.keySet()); }

    /** The AccountQuotas of an account (a scan of the quotas, which are few). */
    public List<String> quotasOf(String account) {
        List<String> out = new ArrayList<>();
        quotaAccount.forEach((q, a) -> { if (a.equals(account)) out.add(q); });
        return out;
    }

    /** The Spaces of an account, sorted. */
    public List<String> spacesOf(String account) {
        Set<String> s = spacesByAccount.get(account);
        return s == null ? List.of() : new ArrayList<>(new TreeSet<>(s));
    }

    public int spaceCount() { return spaceAccount.size(); }

    /** The accounts {@code user} is a subject of, directly or through a group. */
    public Set<String> accountsOf(UserInfo user) {
        if (user == null) return Set.of();
        Set<String> out = new HashSet<>();
        for (String k : subjectKeys(user)) {
            Set<String> a = accountsBySubject.get(k);
            if (a != null) out.addAll(a);
        }
        return out;
    }

    public boolean isSubject(UserInfo user, String account) {
        for (String k : subjectKeys(user)) {
            Set<String> a = accountsBySubject.get(k);
            if (a != null && a.contains(account)) return true;
        }
        return false;
    }

    /** How a user can appear in an Account's subjects. */
    static List<String> subjectKeys(UserInfo user) {
        List<String> keys = new ArrayList<>();
        keys.add("User:" + user.name());
        for (String g : user.groups()) keys.add("Group:" + g);
        String sa = "system:serviceaccount:";
        if (user.name().startsWith(sa)) {
            String[] p = user.name().substring(sa.length()).split(":", 2);
            if (p.length == 2) keys.add("ServiceAccount:" + p[0] + ":" + p[1]);
        }
        return keys;
    }

    /** The keys of an Account's subjects (see {@link #subjectKeys}). */
    static Set<String> subjectKeys(JsonNode account) {
        Set<String> out = new HashSet<>();
        for (JsonNode s : Objects.at(account, "spec.subjects")) {
            String kind = s.path("kind").asText();
            String name = s.path("name").asText();
            switch (kind) {
                case "User", "Group" -> out.add(kind + ":" + name);
                case "ServiceAccount" -> out.add("ServiceAccount:" + s.path("namespace").asText() + ":" + name);
                default -> { }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ informer side

    synchronized void upsertAccount(ObjectNode o) {
        String name = Objects.name(o);
        ObjectNode before = accounts.put(name, o);
        Set<String> was = before == null ? Set.of() : subjectKeys(before);
        Set<String> now = subjectKeys(o);
        for (String k : was) if (!now.contains(k)) drop(accountsBySubject, k, name);
        for (String k : now) accountsBySubject.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(name);
        if (before == null || !was.equals(now) || !tenantOf(before).equals(tenantOf(o))) generation.incrementAndGet();
        accountListeners.forEach(l -> l.accept(name));
        if (before == null || !before.path("spec").equals(o.path("spec"))) specListeners.forEach(l -> l.accept(name));
    }

    synchronized void removeAccount(String name) {
        ObjectNode before = accounts.remove(name);
        if (before != null) for (String k : subjectKeys(before)) drop(accountsBySubject, k, name);
        generation.incrementAndGet();
        accountListeners.forEach(l -> l.accept(name));
        specListeners.forEach(l -> l.accept(name));
    }

    synchronized void upsertSpace(String name, String account) {
        String before = spaceAccount.put(name, account);
        if (before != null && !before.equals(account)) {
            drop(spacesByAccount, before, name);
            generation.incrementAndGet();
        }
        spacesByAccount.computeIfAbsent(account, x -> ConcurrentHashMap.newKeySet()).add(name);
        if (before != null && !before.equals(account)) accountListeners.forEach(l -> l.accept(before));
        if (before == null || !before.equals(account)) accountListeners.forEach(l -> l.accept(account));
        spaceListeners.forEach(l -> l.accept(name));
    }

    synchronized void removeSpace(String name) {
        String before = spaceAccount.remove(name);
        if (before != null) {
            drop(spacesByAccount, before, name);
            accountListeners.forEach(l -> l.accept(before));
        }
        spaceListeners.forEach(l -> l.accept(name));
    }

    private static void drop(Map<String, Set<String>> index, String key, String value) {
        Set<String> s = index.get(key);
        if (s == null) return;
        s.remove(value);
        if (s.isEmpty()) index.remove(key, s);
    }

    /** For tests: feed objects without informers. */
    static KioskCache of(List<ObjectNode> accounts, Map<String, String> spaces) {
        KioskCache c = new KioskCache();
        accounts.forEach(c::upsertAccount);
        spaces.forEach(c::upsertSpace);
        return c;
    }

    @Override
    public void close() {
        subscriptions.forEach(SharedInformer.Registration::close);
    }
}
