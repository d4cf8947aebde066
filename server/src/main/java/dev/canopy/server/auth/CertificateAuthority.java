package dev.canopy.server.auth;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The seed's TLS: an EC P-256 certificate authority (10 years) and a serving certificate it signs
 * (1 year) for {@code localhost}, {@code 127.0.0.1}, {@code ::1}, the host name and extra SANs.
 *
 * <p>Both live in {@link SettingsPort} as PEM bundles (certificate + PKCS#8 key, one value so a reader never
 * sees a certificate without its key), so every replica serves the same CA. The serving certificate is
 * keyed by a hash of its SAN set and a sequence number: at start the newest one is reused unless it has
 * less than 30 days left, in which case the next number is written with {@code putIfAbsent} (a replica
 * that loses the race takes the winner's). A changed SAN set simply selects another key.
 * Immutable once loaded; thread-safe.
 */
public final class CertificateAuthority {
    public static final String CA_SETTING = "tls.ca";
    public static final String SERVING_SETTING_PREFIX = "tls.serving.";
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVING_VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate caCert;
    private final PrivateKey caKey;
    private final X509Certificate servingCert;
    private final PrivateKey servingKey;
    private final String caPem;

    private CertificateAuthority(Bundle ca, Bundle serving, String caPem) {
        this.caCert = ca.cert;
        this.caKey = ca.key;
        this.servingCert = serving.cert;
        this.servingKey = serving.key;
        this.caPem = caPem;
    }

    /** Loads (or first creates) the CA and a current serving certificate. Idempotent across restarts and replicas. */
    public static CertificateAuthority load(SettingsPort settings, String hostName, List<String> extraSans, Clock clock) {
        String caBundle = settings.getOrCreate(CA_SETTING, () -> newCa(clock).pem());
        Bundle ca = Bundle.parse(caBundle);
        List<String> sans = sans(hostName, extraSans);
        String prefix = SERVING_SETTING_PREFIX + sanHash(sans) + ".";
        int n = 0;
        Optional<String> latest = Optional.empty();
        for (Optional<String> v; (v = settings.get(prefix + n)).isPresent(); n++) latest = v;
        Bundle serving = latest.map(Bundle::parse).orElse(null);
        Instant renewAt = clock.instant().plus(RENEW_BEFORE);
        if (serving == null || serving.cert.getNotAfter().toInstant().isBefore(renewAt) || !signedBy(serving.cert, ca.cert)) {
            serving = Bundle.parse(settings.getOrCreate(prefix + n, () -> newServing(ca, sans, clock).pem()));
        }
        return new CertificateAuthority(ca, serving, pem(ca.cert));
    }

    public static CertificateAuthority load(SettingsPort settings, String hostName, List<String> extraSans) {
        return load(settings, hostName, extraSans, Clock.systemUTC());
    }

    public X509Certificate caCertificate() { return caCert; }

    public X509Certificate servingCertificate() { return servingCert; }

    /** The CA certificate in PEM, for kubeconfigs' {@code certificate-authority-data}. */
    public String caPem() { return caPem; }

    public String servingCertificatePem() { return pem(servingCert) + caPem; }

    public String servingKeyPem() { return pem(servingKey); }

    /** A PKCS#12 key store with the serving key and chain [serving, CA] under alias "canopy", for Jetty. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("canopy", servingKey, password, new java.security.cert.Certificate[] {servingCert, caCert});
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS key store", e);
        }
    }

    /** A trust store holding only the CA, for clients of this seed (tests, the CLI). */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("canopy-ca", caCert);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS trust store", e);
        }
    }

    /** A server-side TLS context presenting the serving certificate. */
    public SSLContext serverContext() {
        try {
            char[] pw = "canopy".toCharArray();
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(pw), pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context", e);
        }
    }

    /** A client-side TLS context trusting only this CA. */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context", e);
        }
    }

    static List<String> sans(String hostName, List<String> extra) {
        LinkedHashSet<String> s = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        if (hostName != null && !hostName.isBlank()) s.add(hostName.trim());
        if (extra != null) extra.stream().filter(x -> x != null && !x.isBlank()).map(String::trim).forEach(s::add);
        return new ArrayList<>(s);
    }

    private static String sanHash(List<String> sans) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join(",", new TreeSet<>(sans)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Bundle newCa(Clock clock) {
        KeyPair kp = ecKeyPair();
        Instant now = clock.instant();
        X500Name name = new X500Name("CN=canopy-ca,O=canopy");
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(CA_VALIDITY)), name, kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new Bundle(sign(b, kp.getPrivate()), kp.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the CA", e);
        }
    }

    private static Bundle newServing(Bundle ca, List<String> sans, Clock clock) {
        KeyPair kp = ecKeyPair();
        Instant now = clock.instant();
        List<GeneralName> names = new ArrayList<>();
        for (String s : sans) names.add(new GeneralName(isIp(s) ? GeneralName.iPAddress : GeneralName.dNSName, s));
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.cert, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(SERVING_VALIDITY)), commonName(sans), kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.cert))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new Bundle(sign(b, ca.key), kp.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the serving certificate", e);
        }
    }

    /** The host name if one was given (the first SAN after the fixed loopback ones), else localhost. */
    private static X500Name commonName(List<String> sans) {
        String cn = sans.size() > 3 ? sans.get(3) : sans.get(0);
        return new X500Name(new org.bouncycastle.asn1.x500.X500NameBuilder().addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, cn)
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.O, "canopy").build().getRDNs());
    }

    static boolean isIp(String s) { return s.contains(":") || s.matches("\\d{1,3}(\\.\\d{1,3}){3}"); }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    private static BigInteger serial() { return new BigInteger(127, RANDOM).add(BigInteger.ONE); }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static String pem(Object o) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }

    /** A certificate with its private key, stored as one PEM value. */
    private record Bundle(X509Certificate cert, PrivateKey key) {
        String pem() { return CertificateAuthority.pem(cert) + CertificateAuthority.pem(key); }

        static Bundle parse(String pem) {
            X509Certificate cert = null;
            PrivateKey key = null;
            try (PEMParser p = new PEMParser(new StringReader(pem))) {
                JcaPEMKeyConverter kc = new JcaPEMKeyConverter();
                for (Object o; (o = p.readObject()) != null; ) {
                    if (o instanceof X509CertificateHolder h && cert == null) cert = new JcaX509CertificateConverter().getCertificate(h);
                    else if (o instanceof PrivateKeyInfo pki) key = kc.getPrivateKey(pki);
                    else if (o instanceof PEMKeyPair pkp) key = kc.getKeyPair(pkp).getPrivate();
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("stored TLS material is unreadable: " + e.getMessage(), e);
            }
            if (cert == null || key == null) throw new IllegalStateException("stored TLS material lacks a certificate or key");
            return new Bundle(cert, key);
        }
    }
}
