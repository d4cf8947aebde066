package dev.canopy.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    final SettingsPort settings = SettingsPort.inMemory();
    final TokenAuthenticatorTest.MutableClock clock = new TokenAuthenticatorTest.MutableClock(Instant.now());

    static Set<String> sans(X509Certificate c) throws Exception {
        return c.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).collect(Collectors.toSet());
    }

    @Test
    void serving_cert_chains_to_the_ca_and_names_the_hosts() throws Exception {
        CertificateAuthority ca = CertificateAuthority.load(settings, "seed.example.org", List.of("10.0.0.7", "api.example.org"), clock);
        X509Certificate serving = ca.servingCertificate();
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(serving));
        PKIXParameters p = new PKIXParameters(Set.of(new TrustAnchor(ca.caCertificate(), null)));
        p.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, p);   // throws if it does not chain

        assertThat(sans(serving)).contains("localhost", "127.0.0.1", "seed.example.org", "10.0.0.7", "api.example.org");
        assertThat(sans(serving).stream().anyMatch(s -> s.startsWith("0:0:0:0:0:0:0:1"))).isTrue();
        assertThat(ca.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.caCertificate().getNotAfter()).isAfter(Date.from(Instant.now().plus(Duration.ofDays(3600))));
        assertThat(serving.getNotAfter()).isBefore(Date.from(Instant.now().plus(Duration.ofDays(366))));
        assertThat(ca.caPem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(ca.servingKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void second_start_reuses_ca_and_serving_cert() {
        CertificateAuthority a = CertificateAuthority.load(settings, "h", List.of(), clock);
        CertificateAuthority b = CertificateAuthority.load(settings, "h", List.of(), clock);
        assertThat(b.caCertificate()).isEqualTo(a.caCertificate());
        assertThat(b.servingCertificate()).isEqualTo(a.servingCertificate());
    }

    @Test
    void serving_cert_is_reissued_when_sans_change_or_expiry_nears() throws Exception {
        CertificateAuthority a = CertificateAuthority.load(settings, "h", List.of(), clock);
        CertificateAuthority changed = CertificateAuthority.load(settings, "h", List.of("new.example.org"), clock);
        assertThat(changed.caCertificate()).isEqualTo(a.caCertificate());
        assertThat(changed.servingCertificate()).isNotEqualTo(a.servingCertificate());
        assertThat(sans(changed.servingCertificate())).contains("new.example.org");

        clock.now = clock.now.plus(Duration.ofDays(340));   // < 30 days left
        CertificateAuthority renewed = CertificateAuthority.load(settings, "h", List.of(), clock);
        assertThat(renewed.servingCertificate()).isNotEqualTo(a.servingCertificate());
        assertThat(renewed.servingCertificate().getNotAfter()).isAfter(a.servingCertificate().getNotAfter());
        assertThat(CertificateAuthority.load(settings, "h", List.of(), clock).servingCertificate()).isEqualTo(renewed.servingCertificate());
    }

    @Test
    void tls_handshake_with_the_ca_as_only_trust() throws Exception {
        CertificateAuthority ca = CertificateAuthority.load(settings, "h", List.of(), clock);
        try (SSLServerSocket server = (SSLServerSocket) ca.serverContext().getServerSocketFactory().createServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.getOutputStream().write(42);
                } catch (Exception ignored) {
                }
            });
            try (SSLSocket c = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("localhost", server.getLocalPort())) {
                var params = c.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");   // host name must be in the SANs
                c.setSSLParameters(params);
                assertThat(c.getInputStream().read()).isEqualTo(42);
            }
        }
    }
}
