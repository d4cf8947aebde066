package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartRepositoryPolicyTest {
    static final ChartRepositoryPolicy ANY = ChartRepositoryPolicy.defaults();
    static final ChartRepositoryPolicy ONLY = new ChartRepositoryPolicy(List.of("https://charts.example.org/", "http://10.0.0.5:8080/helm/"));

    @ParameterizedTest(name = "{0} -> default {1}, allow-list {2}")
    @CsvSource(delimiter = '|', value = {
            "https://charts.example.org/stable               | ok                        | ok",
            "http://10.0.0.5:8080/helm/repo                  | ok                        | ok",
            "https://charts.bitnami.com/bitnami              | ok                        | must start with one of",
            "https://charts.example.org.evil.net/            | ok                        | must start with one of",
            "http://127.0.0.1:8080/repo                      | ok                        | must start with one of",
            "file:///etc/passwd                              | only http and https       | only http and https",
            "gopher://example.org/                           | only http and https       | only http and https",
            "ftp://example.org/charts                        | only http and https       | only http and https",
            "http:///no-host                                 | no host                   | no host",
            "http://169.254.169.254/latest/meta-data/        | link-local and metadata   | link-local and metadata",
            "http://169.254.0.1:80/                          | link-local and metadata   | link-local and metadata",
            "http://[fe80::1]/                               | link-local and metadata   | link-local and metadata",
            "http://[febf::1]/                               | link-local and metadata   | link-local and metadata",
            "http://[::ffff:169.254.169.254]/                | link-local and metadata   | link-local and metadata",
            "http://[fd00:ec2::254]/                         | link-local and metadata   | link-local and metadata",
            "http://[fec0::1]/                               | ok                        | must start with one of",
    })
    void repositoryUrlsAsWrittenInATemplate(String url, String byDefault, String withAllowList) {
        for (var c : new Object[][] {{ANY, byDefault}, {ONLY, withAllowList}}) {
            var err = ((ChartRepositoryPolicy) c[0]).check("resources.helm.chart.repository.repoUrl", url);
            if (c[1].equals("ok")) assertThat(err).as(url).isEmpty();
            else assertThat(err).as(url).get().satisfies(e -> {
                assertThat(e.field()).isEqualTo("resources.helm.chart.repository.repoUrl");
                assertThat(e.detail()).contains((String) c[1]);
            });
        }
    }

    @ParameterizedTest
    @CsvSource({"169.254.169.254, true", "169.253.255.255, false", "169.255.0.0, false", "fe80::1, true", "febf:ffff::1, true",
            "fec0::1, false", "127.0.0.1, false", "10.1.2.3, false", "::1, false"})
    void refusedAddresses(String address, boolean refused) throws Exception {
        assertThat(ChartRepositoryPolicy.refused(InetAddress.getByName(address))).as(address).isEqualTo(refused);
    }

    @ParameterizedTest
    @CsvSource({"http://localhost:8080/repo/index.yaml, true", "http://169.254.169.254/x, false", "file:///etc/passwd, false"})
    void fetchesAreCheckedAfterResolving(String url, boolean allowed) {
        assertThat(ANY.checkFetch(URI.create(url)).isEmpty()).as(url).isEqualTo(allowed);
    }

}
