package io.equilibria.evolve.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The supervisor's own rules; its workers' lives are WorkersTest's. */
class SupervisorTest {
    @Test
    void linuxCpuListsReadAsTheCpusTheyName() {
        assertEquals(List.of(0, 1, 2, 3, 8, 9, 10, 11), Supervisor.cpuList(" 0-3,8-11\n"));
        assertEquals(List.of(5), Supervisor.cpuList("5"));
        assertEquals(List.of(0, 2, 3), Supervisor.cpuList("0,2-3"));
        assertThrows(NumberFormatException.class, () -> Supervisor.cpuList("all"));
    }

    @Test
    void theCpusThisProcessMayUseAreKnownOnLinux() {
        List<Integer> cpus = Supervisor.allowedCpus();
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            assertFalse(cpus.isEmpty());
            assertTrue(cpus.stream().allMatch(c -> c >= 0));
            assertEquals(cpus.size(), cpus.stream().distinct().count());
        } else {
            assertTrue(cpus.isEmpty(), "elsewhere: no pinning");
        }
    }

    @Test
    void aSupervisorThatNeverStartedHasNoWorkersAndNoFatalError() {
        Supervisor s = new Supervisor(new Supervisor.Settings(List.of("cpu", "cpu"), "w", "127.0.0.1:1", null, 0,
                null, 1, 0, 0, null), line -> {});
        assertTrue(s.pids().isEmpty());
        assertTrue(s.fatal().isEmpty());
        s.close();
    }
}
