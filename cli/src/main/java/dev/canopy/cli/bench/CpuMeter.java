package dev.canopy.cli.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a phase's CPU went: this JVM's CPU time (seed and bench clients), the machine's busy time and the time the
 * hypervisor gave to others ({@code steal}, from {@code /proc/stat}). Throughput on a shared two-core machine moves by
 * a third between runs; CPU per operation moves much less, so it is what tells two builds apart.
 *
 * @param jvmNanos   this process's CPU time
 * @param busyTicks  the machine's non-idle time (user, nice, system, irq, softirq), in clock ticks; -1 if unknown
 * @param stealTicks time taken by the hypervisor for other guests, in clock ticks; -1 if unknown
 * @param wallNanos  {@link System#nanoTime()}
 */
record CpuMeter(long jvmNanos, long busyTicks, long stealTicks, long wallNanos) {
    private static final double TICKS_PER_SECOND = 100;   // USER_HZ on Linux

    static CpuMeter now() {
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
        return new CpuMeter(jvm, busy, steal, System.nanoTime());
    }

    /** A line for the notes: CPU per operation in this JVM, the machine's busy CPUs and steal over the phase. */
    String since(CpuMeter before, String phase, long ops) {
        double wallS = (wallNanos - before.wallNanos) / 1e9;
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "%s: this JVM used %.3f ms of CPU per operation", phase,
                ops == 0 ? 0.0 : (jvmNanos - before.jvmNanos) / 1e6 / ops));
        if (busyTicks >= 0 && before.busyTicks >= 0 && wallS > 0) {
            sb.append(String.format(java.util.Locale.ROOT, "; the machine was busy %.2f CPUs on average (PostgreSQL included)",
                    (busyTicks - before.busyTicks) / TICKS_PER_SECOND / wallS));
            if (stealTicks >= 0) sb.append(String.format(java.util.Locale.ROOT, ", steal %.2f CPUs", (stealTicks - before.stealTicks) / TICKS_PER_SECOND / wallS));
        }
        return sb.toString();
    }
}
