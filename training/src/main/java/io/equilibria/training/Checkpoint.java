package io.equilibria.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.equilibria.config.ConfigException;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A training's complete state in a directory: {@code checkpoint.json} (format, step, seconds,
 * optimiser counters, genome, run, trace) and a parameter file it names (A, B, D, their Adam
 * moments and the last probe images, DJL's NDList encoding). The parameter file is written first
 * under a new name, then the JSON replaces the old one atomically: a crash at any moment leaves
 * the previous or the new checkpoint, never a mixture.
 */
public final class Checkpoint {
    public static final String META = "checkpoint.json";
    static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = ConfigJson.mapper();

    private Checkpoint() {}

    /** What checkpoint.json holds. */
    record Meta(int format, long step, double seconds, int updatesA, int updatesB, int updatesD,
            Genome genome, RunConfig run, String paramsFile, boolean hasProbe, List<Telemetry> trace) {}

    /** Whether {@code directory} holds a checkpoint. */
    public static boolean exists(Path directory) {
        return Files.isRegularFile(directory.resolve(META));
    }

    static void save(Path directory, Trainer trainer) throws IOException {
        Files.createDirectories(directory);
        Ensemble e = trainer.ensemble();
        String paramsFile = String.format("checkpoint-%09d.ndlist", trainer.step());
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList all = new NDList();
            all.addAll(e.a.params.snapshot());
            all.addAll(e.b.params.snapshot());
            all.addAll(e.d.params.snapshot());
            all.addAll(e.adamA.state());
            all.addAll(e.adamB.state());
            all.addAll(e.adamD.state());
            ProbeImages probe = trainer.lastProbe();
            if (probe != null) {
                NDManager m = e.manager();
                var shape = new ai.djl.ndarray.types.Shape(probe.count(), 3, probe.resolution(), probe.resolution());
                all.add(m.create(probe.a(), shape));
                all.add(m.create(probe.b(), shape));
            }
            Path tmp = directory.resolve(paramsFile + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                all.encode(out);
            }
            Files.move(tmp, directory.resolve(paramsFile), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        ObjectNode meta = MAPPER.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("step", trainer.step());
        meta.put("seconds", trainer.seconds());
        meta.put("updatesA", e.adamA.updates());
        meta.put("updatesB", e.adamB.updates());
        meta.put("updatesD", e.adamD.updates());
        meta.set("genome", ConfigJson.toJson(trainer.genome()));
        meta.set("run", ConfigJson.toJson(trainer.run()));
        meta.put("paramsFile", paramsFile);
        meta.put("hasProbe", trainer.lastProbe() != null);
        meta.set("trace", MAPPER.valueToTree(trainer.trace()));
        Path tmp = directory.resolve(META + ".tmp");
        Files.writeString(tmp, MAPPER.writeValueAsString(meta));
        Files.move(tmp, directory.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // Only now is the previous parameter file unreferenced.
        try (var files = Files.list(directory)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("checkpoint-") && !name.equals(paramsFile)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static Meta readMeta(Path directory) throws IOException {
        Path file = directory.resolve(META);
        JsonNode node;
        try {
            node = MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException ex) {
            throw new NoSuchFileException(file.toString(), null, "no checkpoint (missing " + META + ")");
        }
        int format = node.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new IOException(file + ": checkpoint format " + format + " is not supported (expected " + FORMAT + ")");
        }
        try {
            Genome genome = ConfigJson.parseGenome(node.get("genome").toString(), file + " genome");
            RunConfig run = ConfigJson.parseRun(node.get("run").toString(), file + " run");
            List<Telemetry> trace = new ArrayList<>(Arrays.asList(MAPPER.treeToValue(node.get("trace"), Telemetry[].class)));
            return new Meta(format, node.get("step").asLong(), node.get("seconds").asDouble(),
                    node.get("updatesA").asInt(), node.get("updatesB").asInt(), node.get("updatesD").asInt(),
                    genome, run, node.get("paramsFile").asText(), node.get("hasProbe").asBoolean(), trace);
        } catch (ConfigException | NullPointerException ex) {
            throw new IOException(file + ": damaged checkpoint (" + ex.getMessage() + ")", ex);
        }
    }

    static void restore(Path directory, Meta meta, Trainer trainer) throws IOException {
        Ensemble e = trainer.ensemble();
        try (NDScope scope = new NDScope(); InputStream in = Files.newInputStream(directory.resolve(meta.paramsFile()))) {
            scope.suppressNotUsedWarning();
            NDList all = NDList.decode(e.manager(), in);
            int i = 0;
            int na = e.a.params.arrays().size();
            int nb = e.b.params.arrays().size();
            int nd = e.d.params.arrays().size();
            int expected = 3 * (na + nb + nd) + (meta.hasProbe() ? 2 : 0);
            if (all.size() != expected) {
                throw new IOException(directory + ": checkpoint holds " + all.size() + " arrays, this genome needs " + expected);
            }
            e.a.params.restore(slice(all, i, na));
            i += na;
            e.b.params.restore(slice(all, i, nb));
            i += nb;
            e.d.params.restore(slice(all, i, nd));
            i += nd;
            e.adamA.restore(slice(all, i, 2 * na), meta.updatesA());
            i += 2 * na;
            e.adamB.restore(slice(all, i, 2 * nb), meta.updatesB());
            i += 2 * nb;
            e.adamD.restore(slice(all, i, 2 * nd), meta.updatesD());
            i += 2 * nd;
            ProbeImages probe = null;
            if (meta.hasProbe()) {
                var shape = all.get(i).getShape();
                probe = new ProbeImages((int) shape.get(0), (int) shape.get(2), all.get(i).toFloatArray(),
                        all.get(i + 1).toFloatArray());
            }
            trainer.restoreState(meta.step(), meta.seconds(), meta.trace(), probe);
        }
    }

    private static NDList slice(NDList list, int from, int count) {
        return new NDList(list.subList(from, from + count));
    }
}
