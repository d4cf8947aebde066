package dev.canopy.cli.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a phase's CPU went: this JVM's CPU time (seed and bench clients), the part of it the bench's client threads
 * used, the embedded PostgreSQL's (postmaster and backends), the machine's busy time and the time the hypervisor gave
 * to others ({@code steal}, from {@code /proc/stat}). Throughput on a shared two-core machine moves by a third between
 * runs; CPU per operation moves much less, so it is what tells two builds apart, and the split says whose CPU it is.
 *
 * @param jvmNanos        this process's CPU time
 * @param clientNanos     CPU time of the bench's client threads that have finished ({@link Phase#clientCpuNanos()})
 * @param postgresTicks   the embedded PostgreSQL's CPU time in clock ticks; -1 if unknown (an external database)
 * @param busyTicks       the machine's non-idle time (user, nice, system, irq, softirq), in clock ticks; -1 if unknown
 * @param stealTicks      time taken by the hypervisor for other guests, in clock ticks; -1 if unknown
 * @param wallNanos       {@link System#nanoTime()}
 */
record CpuMeter(long jvmNanos, long clientNanos, long postgresTicks, long busyTicks, long stealTicks, long wallNanos) {
    private static final double TICKS_PER_SECOND = 100;   // USER_HZ on Linux

    /** @param postmasterPid the embedded PostgreSQL's postmaster, -1 for none */
    static CpuMeter now(long postmasterPid) {
        long jvm = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
        long busy = -1, steal = -1;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
            steal = f.length > 8 ? Long.parseLong(f[8]) : -1;
        } catch (Exception ignored) {
            // not Linux: the JVM's figure only
        }
        long pg = postmasterPid < 0 ? -1 : new ProcessTreeCpu(Path.of("/proc")).ticks(postmasterPid);
        return new CpuMeter(jvm, Phase.clientCpuNanos(), pg, busy, steal, System.nanoTime());
    }

    /** A line for the notes: CPU per operation in this JVM, the machine's busy CPUs and steal over the phase. */
    String since(CpuMeter before, String phase, long ops) {
        double wallS = (wallNanos - before.wallNanos) / 1e9;
        double perOp = ops == 0 ? 0.0 : 1.0 / ops;
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "%s: this JVM used %.3f ms of CPU per operation"
                        + " (%.3f ms of it the bench's clients)", phase,
                (jvmNanos - before.jvmNanos) / 1e6 * perOp, (clientNanos - before.clientNanos) / 1e6 * perOp));
        if (postgresTicks >= 0 && before.postgresTicks >= 0)
            sb.append(String.format(java.util.Locale.ROOT, ", PostgreSQL %.3f ms", (postgresTicks - before.postgresTicks) * 1e3 / TICKS_PER_SECOND * perOp));
        if (busyTicks >= 0 && before.busyTicks >= 0 && wallS > 0) {
            sb.append(String.format(java.util.Locale.ROOT, "; the machine was busy %.2f CPUs on average (PostgreSQL included)",
                    (busyTicks - before.busyTicks) / TICKS_PER_SECOND / wallS));
            if (stealTicks >= 0) sb.append(String.format(java.util.Locale.ROOT, ", steal %.2f CPUs", (stealTicks - before.stealTicks) / TICKS_PER_SECOND / wallS));
        }
        return sb.toString();
    }
}
