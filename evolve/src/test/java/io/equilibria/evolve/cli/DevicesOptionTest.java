package io.equilibria.evolve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import io.equilibria.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

public class DevicesOptionTest {
    @Test
    void aDeviceTimesNIsNWorkersSharingIt() {
        assertEquals(List.of("cpu"), WorkerCommand.expandDevices(List.of("cpu")));
        assertEquals(List.of("cpu", "cpu", "cpu"), WorkerCommand.expandDevices(List.of("cpux3")));
        assertEquals(List.of("cpu", "cpu", "cpu"), WorkerCommand.expandDevices(List.of("cpu", "cpux2")));
    }

    @Test
    void badEntriesNameTheOption() {
        String zero = assertThrows(ConfigException.class, () -> WorkerCommand.expandDevices(List.of("cpux0"))).getMessage();
        assertEquals("--devices: cpux0: 1 to 64 workers per device, not 0", zero);
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        String absent = assertThrows(ConfigException.class,
                () -> WorkerCommand.expandDevices(List.of("gpu:" + gpus + "x4"))).getMessage();
        assertTrue(absent.startsWith("--devices: gpu:" + gpus + ": no such GPU"), absent);
        String junk = assertThrows(ConfigException.class, () -> WorkerCommand.expandDevices(List.of("tpux2"))).getMessage();
        assertTrue(junk.startsWith("--devices: \"tpu\" is not cpu, gpu or gpu:N"), junk);
    }
}
