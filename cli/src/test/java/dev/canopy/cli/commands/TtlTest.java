package dev.canopy.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TtlTest {

    @ParameterizedTest(name = "{0} = {1}s")
    @CsvSource({"3600s, 3600", "90m, 5400", "24h, 86400", "7d, 604800", "1h30m, 5400", "1d12h, 129600", " 10m , 600"})
    void acceptsNumbersWithUnits(String text, long seconds) {
        assertThat(Ttl.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "3600", "abc", "1w", "-5m", "1.5h", "h", "24 h", "0s", "0h0m"})
    void refusesAnythingElseWithAHint(String text) {
        assertThatThrownBy(() -> Ttl.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3600", "abc"})
    void hintShowsExamples(String text) {
        assertThatThrownBy(() -> Ttl.parse(text)).hasMessageContaining("90m").hasMessageContaining("7d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "9999999999999999d"})
    void absurdlyLongIsRefused(String text) {
        assertThatThrownBy(() -> Ttl.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
