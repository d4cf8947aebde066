package dev.canopy.cli;

import dev.canopy.cli.output.Format;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * kubectl's global flags. Inherited by every subcommand, so they may appear before or after the
 * command name ({@code canopy -o json token create ...} and {@code canopy token create ... -o json}).
 */
public final class GlobalOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "The kubeconfig context to use (default: its current-context).")
    String context;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT, converter = Format.Converter.class,
            description = "Output format: table, wide, json or yaml.")
    Format output;

    @Option(names = "--as", paramLabel = "USER", scope = ScopeType.INHERIT,
            description = "Username to impersonate for the operation.")
    String as;

    @Option(names = "--as-group", paramLabel = "GROUP", scope = ScopeType.INHERIT,
            description = "Group to impersonate for the operation; repeat for several.")
    List<String> asGroups = new ArrayList<>();

    public String kubeconfig() { return kubeconfig; }

    public String context() { return context; }

    /** The chosen output format, {@link Format#TABLE} when none was given. */
    public Format output() { return output == null ? Format.TABLE : output; }

    /** True when the user asked for a format explicitly. */
    public boolean outputGiven() { return output != null; }

    public String as() { return as; }

    public List<String> asGroups() { return List.copyOf(asGroups); }
}
