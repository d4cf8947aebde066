package dev.canopy.server.templates;

import java.nio.file.Path;

/** Where a Template's Helm chart comes from. Immutable. */
public sealed interface ChartSource {

    /**
     * A chart in a chart repository ({@code <repoUrl>/index.yaml}).
     *
     * @param version the chart version; null or "" = the newest that is not a pre-release
     * @param username basic-auth user (null = none)
     */
    record Repository(String repoUrl, String name, String version, String username, String password) implements ChartSource {
        @Override public String toString() { return name + (version == null || version.isEmpty() ? "" : "@" + version) + " from " + repoUrl; }
    }

    /** A chart directory or a packaged chart ({@code .tgz}) on the seed's file system. */
    record Local(Path path) implements ChartSource {}
}
