package dev.canopy.cli.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process and its children from {@code /proc} (Linux): the embedded PostgreSQL's postmaster and
 * its backends. A backend that has exited is counted too, through the postmaster's {@code cutime}/{@code cstime}
 * (a parent collects its reaped children's time). Read on demand; not thread-safe (each call reads afresh).
 */
final class ProcessTreeCpu {
    private final Path proc;

    ProcessTreeCpu(Path proc) { this.proc = proc; }

    /** The pid in the first line of a PostgreSQL data directory's {@code postmaster.pid}, or -1. */
    static long postmasterPid(Path dataDirectory) {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Clock ticks used by {@code pid} (user + system, with its reaped children) and its living children; -1 if unreadable. */
    long ticks(long pid) {
        long[] root = stat(proc.resolve(Long.toString(pid)).resolve("stat"));
        if (root == null) return -1;
        long sum = root[1] + root[2] + root[3] + root[4];
        try (DirectoryStream<Path> all = Files.newDirectoryStream(proc, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path p : all) {
                long[] s = stat(p.resolve("stat"));
                if (s != null && s[0] == pid) sum += s[1] + s[2];
            }
        } catch (IOException e) {
            // /proc unreadable midway: the root's own figure
        }
        return sum;
    }

    /** ppid, utime, stime, cutime, cstime of a {@code /proc/<pid>/stat} line, or null (gone, or not Linux). */
    static long[] stat(Path file) {
        try {
            String line = Files.readString(file);
            // the command name (field 2) is in parentheses and may hold spaces: fields are counted after its ')'
            String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
