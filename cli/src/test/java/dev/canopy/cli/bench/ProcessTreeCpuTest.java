package dev.canopy.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeCpuTest {
    @TempDir
    Path proc;

    private void stat(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S " + ppid + " 1 1 0 -1 4194304 100 0 0 0 "
                + utime + " " + stime + " " + cutime + " " + cstime + " 20 0 1 0 12345 1000000 200\n");
    }

    @Test
    void aProcessCountsItsOwnTimeItsReapedChildrenAndItsLivingChildren() throws Exception {
        stat(100, "postgres", 1, 10, 5, 7, 3);                    // postmaster: 15 own + 10 from exited backends
        stat(101, "postgres: canopy canopy 127.0.0.1(5) idle", 100, 20, 4, 99, 99);   // a backend (its children's time is not ours)
        stat(102, "java", 1, 1000, 1000, 0, 0);                   // someone else
        Files.createDirectories(proc.resolve("self"));
        assertThat(new ProcessTreeCpu(proc).ticks(100)).isEqualTo(10 + 5 + 7 + 3 + 20 + 4);
        assertThat(new ProcessTreeCpu(proc).ticks(999)).isEqualTo(-1);
    }

    @Test
    void thePostmasterPidIsTheFirstLineOfItsPidFile(@TempDir Path data) throws Exception {
        assertThat(ProcessTreeCpu.postmasterPid(data)).isEqualTo(-1);
        Files.writeString(data.resolve("postmaster.pid"), "4242\n/var/lib/pg\n1700000000\n5432\n");
        assertThat(ProcessTreeCpu.postmasterPid(data)).isEqualTo(4242);
    }
}
