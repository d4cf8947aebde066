package dev.canopy.server.auth;

import dev.canopy.server.http.VirtualHandler;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wiring for everything in this package, so the server needs one object: TLS, tokens, RBAC, impersonation
 * and the review/token endpoints. Construct once at start-up (it reads or creates the CA, signing key and
 * admin token in {@link SettingsPort}); then feed {@link #rbacIndex()} from a watch on
 * {@link RbacIndex#RESOURCES} and call {@link BootstrapPolicy#reconcile} once. Thread-safe.
 */
public final class AuthModule {
    private final CertificateAuthority ca;
    private final TokenIssuer issuer;
    private final TokenAuthenticator authenticator;
    private final RbacIndex rbacIndex = new RbacIndex();
    private final RbacAuthorizer rbac = new RbacAuthorizer(rbacIndex);
    private final ServiceAccounts.Lookup serviceAccounts;

    /**
     * @param serviceAccounts finds a ServiceAccount's uid (checked on every SA-token request; answer from a cache)
     * @param hostName        the serving certificate's host name (besides localhost, 127.0.0.1, ::1)
     * @param extraSans       further DNS names / IPs for the serving certificate
     */
    public AuthModule(SettingsPort settings, ServiceAccounts.Lookup serviceAccounts, String hostName, List<String> extraSans) {
        this.ca = CertificateAuthority.load(settings, hostName, extraSans);
        this.issuer = new TokenIssuer(settings);
        this.authenticator = new TokenAuthenticator(issuer, serviceAccounts);
        this.serviceAccounts = serviceAccounts;
    }

    public CertificateAuthority ca() { return ca; }
    public TokenIssuer issuer() { return issuer; }
    public TokenAuthenticator authenticator() { return authenticator; }
    public RbacIndex rbacIndex() { return rbacIndex; }
    public RbacAuthorizer rbac() { return rbac; }

    /** The effective user for a request: {@code caller}, or whom the Impersonate-* headers name (checked with {@code authz}). */
    public UserInfo impersonate(UserInfo caller, Map<String, List<String>> headers, Authorizer authz) {
        return Impersonation.apply(caller, headers, authz);
    }

    /** RBAC escalation prevention for admission of the four RBAC kinds ({@link RbacEscalation#check}). */
    public RbacEscalation escalation(Authorizer authorizer) {
        return new RbacEscalation(authorizer, rbacIndex);
    }

    /** Writes {@code <dataDir>/admin.kubeconfig} with the stable admin token and this CA. */
    public Path writeAdminKubeconfig(Path dataDir, String serverUrl) {
        return AdminKubeconfig.write(dataDir, serverUrl, ca.caPem(), issuer.adminToken());
    }

    /**
     * The virtual handlers by {@code group/plural} ("" group for core), and the ServiceAccount token
     * subresource under {@code /serviceaccounts/token}:
     * {@code authorization.k8s.io/selfsubjectaccessreviews}, {@code .../subjectaccessreviews},
     * {@code .../localsubjectaccessreviews}, {@code .../selfsubjectrulesreviews},
     * {@code authentication.k8s.io/selfsubjectreviews}, {@code .../tokenreviews},
     * {@code auth.canopy.dev/usertokens}.
     *
     * @param authorizer the server's full authorizer chain (RBAC plus whatever is chained with it)
     * @param authn      every authenticator the server accepts, for TokenReview
     */
    public Map<String, VirtualHandler> virtualHandlers(Authorizer authorizer, Authenticator authn) {
        AccessReviewHandlers reviews = new AccessReviewHandlers(authorizer, rbac);
        TokenHandlers tokens = new TokenHandlers(authn, authorizer, issuer, serviceAccounts);
        Map<String, VirtualHandler> m = new LinkedHashMap<>();
        m.put("authorization.k8s.io/selfsubjectaccessreviews", reviews.selfSubjectAccessReview());
        m.put("authorization.k8s.io/subjectaccessreviews", reviews.subjectAccessReview());
        m.put("authorization.k8s.io/localsubjectaccessreviews", reviews.localSubjectAccessReview());
        m.put("authorization.k8s.io/selfsubjectrulesreviews", reviews.selfSubjectRulesReview());
        m.put("authentication.k8s.io/selfsubjectreviews", tokens.selfSubjectReview());
        m.put("authentication.k8s.io/tokenreviews", tokens.tokenReview());
        m.put("auth.canopy.dev/usertokens", tokens.userToken());
        m.put("/serviceaccounts/token", tokens.serviceAccountToken());
        return m;
    }
}
