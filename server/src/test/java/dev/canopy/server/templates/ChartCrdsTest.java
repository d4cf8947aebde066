package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartCrdsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "crds/a.yaml, true",
            "crds/a.json, true",
            "crds/README.md, false",
            "templates/crds/a.yaml, false",
            "charts/sub/crds/a.yml, true",
            "charts/sub/charts/deeper/crds/a.yaml, true",
            "charts/sub/templates/a.yaml, false",
            "a.yaml, false",
    })
    void onlyTheCrdsFoldersOfTheChartAndItsSubcharts(String path, boolean crd) {
        assertThat(ChartCrds.isCrd(path)).isEqualTo(crd);
    }
}
