package dev.canopy.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AgeTest {

    @ParameterizedTest(name = "{0}s reads {1}")
    @CsvSource({
            "0, 0s",
            "-1, 0s",            // a second of clock skew is "now"
            "-5, <invalid>",
            "5, 5s",
            "119, 119s",
            "120, 2m",
            "192, 3m12s",
            "599, 9m59s",
            "600, 10m",
            "10799, 179m",
            "10800, 3h",
            "19800, 5h30m",
            "28800, 8h",
            "172799, 47h",
            "172800, 2d",
            "273600, 3d4h",
            "691200, 8d",
            "63072000, 2y",
            "63158400, 2y1d",
            "315360000, 10y",
    })
    void formatsLikeKubectl(long seconds, String expected) {
        assertThat(Age.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @Test
    void readsCreationTimestamps() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(Age.since("2026-11-23T09:56:48Z", now)).isEqualTo("3m12s");
        assertThat(Age.since((String) null, now)).isEqualTo("<unknown>");
        assertThat(Age.since("yesterday", now)).isEqualTo("<unknown>");
    }
}
