package io.equilibria.evolve.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.equilibria.config.Genome;
import io.equilibria.config.Json;
import io.equilibria.config.RunConfig;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * One individual to train, as the coordinator sends it to a worker member: the genome and run as
 * JSON, the program version, and an HMAC over all of it. Runs on the worker's member, which
 * answers with a {@link Reply} (bytes, MAC first).
 */
public final class TrainTask implements Callable<byte[]>, Serializable, HazelcastInstanceAware {
    @Serial
    private static final long serialVersionUID = 1L;

    final String id;
    final String version;
    final byte[] genome;
    final byte[] run;
    final boolean checkpoint;
    final long deadlineMillis;
    private final byte[] mac;
    private transient HazelcastInstance member;

    TrainTask(Secret secret, String id, String version, Genome genome, RunConfig run, boolean checkpoint,
            long deadlineMillis) {
        this.id = id;
        this.version = version;
        this.genome = Json.bytes(genome);
        this.run = Json.bytes(run);
        this.checkpoint = checkpoint;
        this.deadlineMillis = deadlineMillis;
        this.mac = secret.mac(signed());
    }

    private byte[][] signed() {
        return new byte[][] {id.getBytes(StandardCharsets.UTF_8), version.getBytes(StandardCharsets.UTF_8), genome, run,
            {(byte) (checkpoint ? 1 : 0)}, Long.toString(deadlineMillis).getBytes(StandardCharsets.UTF_8)};
    }

    boolean authentic(Secret secret) {
        return secret.verify(mac, signed());
    }

    Genome genome() {
        return Json.read(genome, Genome.class, "the task's genome");
    }

    RunConfig run() {
        return Json.read(run, RunConfig.class, "the task's run configuration");
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public byte[] call() {
        Object node = member == null ? null : member.getUserContext().get(Nodes.CONTEXT_KEY);
        if (!(node instanceof WorkerNode worker)) {
            throw new IllegalStateException("this member is not an equilibria worker");
        }
        return worker.train(this);
    }
}
