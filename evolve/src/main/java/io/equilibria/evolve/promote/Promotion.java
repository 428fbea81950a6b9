package io.equilibria.evolve.promote;

import ai.djl.Device;
import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.Blob;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Status;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.ConfigException;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.RunConfig;
import io.equilibria.evolve.run.Progress;
import io.equilibria.evolve.run.TempDirs;
import io.equilibria.evolve.run.TrainJob;
import io.equilibria.fitness.Judgement;
import io.equilibria.fitness.Stability;
import io.equilibria.fitness.Verdict;
import io.equilibria.training.Checkpoint;
import io.equilibria.training.Devices;
import io.equilibria.training.NativeMemory;
import io.equilibria.training.Outcome;
import io.equilibria.training.Trainer;
import io.equilibria.training.TrainingResult;
import io.equilibria.training.video.ColourVariation;
import io.equilibria.training.video.LoopVideo;
import io.equilibria.training.video.RenderSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A find promoted to a full training from scratch and a video piece: {@code promoted → training
 * → rendering → rendered} (or {@code failed} with the reason). Its work happens in
 * {@code <archive>.work/promote-ID/} (a {@link TrainJob} directory); every checkpoint is also
 * stored in the archive, so the same command continues from the last one even on another machine.
 */
public final class Promotion {
    /** Files of a promoted entry, by role. */
    public static final String CHECKPOINT = "promotion_checkpoint";
    public static final String SHEET = "promotion_sheet";
    public static final String TELEMETRY = "promotion_telemetry";
    public static final String VIDEO = "video";
    public static final String VIDEO_SHEET = "video_sheet";
    public static final String VIDEO_SETTINGS = "video_settings";
    /** Role of a colour variation's video: this, then the variation's name. */
    public static final String VARIATION_PREFIX = "video_variation_";
    public static final String VARIATIONS_SHEET = "video_variations_sheet";
    /** Without --steps or --seconds, the full budget is this many times the search's. */
    public static final int BUDGET_FACTOR = io.equilibria.fitness.Thresholds.PROMOTION_FACTOR;
    /** Checkpoints (and sample sheets) per training. */
    static final int CHECKPOINTS = 10;
    /**
     * A promotion judged dead (flat, noise, exploded, ...) at this many checkpoints in a row stops
     * there and fails: in every promotion measured, a death lasted to the end (the deviation of a
     * flat one kept falling), and the rest of the budget (hours at 512 px) would only confirm it.
     */
    public static final int DEAD_CHECKPOINTS = 3;
    private static final String FAILED_PREFIX = "promotion: ";

    /**
     * @param steps training steps, or null
     * @param seconds training seconds, or null (neither: {@link #BUDGET_FACTOR} times the search's budget)
     * @param resolution final resolution, or null for the entry's
     */
    public record Request(Integer steps, Double seconds, Integer resolution) {
        /** Refuses a request no entry could be trained with, naming the option. */
        public void check() {
            if (resolution != null && (resolution < 8 || resolution > 1024 || Integer.bitCount(resolution) != 1)) {
                throw new ConfigException("--resolution", resolution + " is not a power of two between 8 and 1024");
            }
            if (steps != null && steps < 1) {
                throw new ConfigException("--steps", steps + " is not a number of steps (at least 1)");
            }
            if (seconds != null && !(seconds > 0)) {
                throw new ConfigException("--seconds", seconds + " is not a duration (more than 0)");
            }
        }
    }

    /** What one call did: where the training started and ended, and the entry afterwards. */
    public record Done(Entry entry, long startStep, long endStep, boolean stopped) {}

    private final Archive archive;
    private final Device device;
    private final Consumer<String> log;
    private final int renderThreads;

    public Promotion(Archive archive, Device device, Consumer<String> log) {
        this(archive, device, Runtime.getRuntime().availableProcessors(), log);
    }

    /** @param renderThreads the video's encoders in parallel */
    public Promotion(Archive archive, Device device, int renderThreads, Consumer<String> log) {
        this.renderThreads = renderThreads;
        this.archive = archive;
        this.device = device;
        this.log = log;
    }

    public static Path workDir(Path archive, String id) {
        return archive.toAbsolutePath().resolveSibling(archive.getFileName() + ".work").resolve("promote-" + id);
    }

    /** The training budget of a promotion of {@code entry}. */
    static RunConfig runOf(Entry entry, Request budget) {
        budget.check();
        RunConfig base = entry.run();
        if (budget.resolution() != null) {
            base = base.withResolution(budget.resolution());
        }
        RunConfig run;
        if (budget.steps() != null) {
            run = base.withSteps(budget.steps());
        } else if (budget.seconds() != null) {
            run = base.withSeconds(budget.seconds());
        } else {
            run = switch (base.budget()) {
                case io.equilibria.config.Budget.Steps s -> base.withSteps(s.steps() * BUDGET_FACTOR);
                case io.equilibria.config.Budget.Seconds s -> base.withSeconds(s.seconds() * BUDGET_FACTOR);
            };
        }
        int every = run.budgetInSteps() ? Math.max(1, run.steps() / CHECKPOINTS) : Math.max(1, base.steps() / 2);
        return run.withIntervals(Math.min(run.telemetryEvery(), every), every);
    }

    /**
     * Takes the entry as far as it goes: trains (or continues) it, then renders it with {@code video}.
     *
     * @param stop asked between steps; a stop saves a checkpoint and leaves the entry {@code training}
     */
    public Done run(String idOrPrefix, Request budget, RenderSettings video, Progress.Factory progress, BooleanSupplier stop)
            throws IOException {
        Entry entry = archive.resolve(idOrPrefix);
        String id = entry.id();
        switch (entry.status()) {
            case PENDING -> throw new ArchiveException("entry " + id + " is pending: a search must evaluate it before"
                    + " it can be promoted");
            case RENDERED -> {
                log.accept("entry " + id + " is already rendered: " + archive.blobPath(entry.files().get(VIDEO))
                        + " (equilibria render " + id + " makes another video)");
                return new Done(entry, 0, 0, false);
            }
            case FAILED -> {
                if (!entry.statusReason().startsWith(FAILED_PREFIX)) {
                    throw new ArchiveException("entry " + id + " failed in its search (" + entry.statusReason()
                            + "): there is nothing to promote");
                }
            }
            default -> { }
        }
        Path work = workDir(archive.file(), id);
        // A promotion is judged against its own budget (a budget in seconds: twice the steps so far).
        TrainJob job = new TrainJob(work, r -> horizon(r.genome(), r.run(), r.steps()));
        long startStep = 0;
        long endStep = 0;
        if (entry.status() != Status.RENDERING) {
            RunConfig run = runOf(entry, budget);
            Trainer trainer;
            if (!Checkpoint.exists(job.checkpointDir()) && entry.files().containsKey(CHECKPOINT)) {
                log.accept("continuing from the checkpoint stored in the archive");
                Files.createDirectories(work.resolve("samples"));
                ConfigJson.write(work.resolve("genome.json"), entry.genome());
                archive.unpack(entry.files().get(CHECKPOINT), job.checkpointDir());
            }
            if (Checkpoint.exists(job.checkpointDir())) {
                RunConfig saved = Trainer.savedRun(job.checkpointDir());
                if (budget.resolution() != null && budget.resolution() != saved.resolution()) {
                    throw new ConfigException("--resolution", "the promotion of " + id + " is training at "
                            + saved.resolution() + "px; a continued training keeps it");
                }
                trainer = job.resume(budget.steps() == null && budget.seconds() == null ? saved
                        : run.withResolution(saved.resolution()), device);
            } else {
                trainer = job.start(entry.genome(), run, device);
            }
            startStep = trainer.step();
            entry = setStatus(id, Status.TRAINING, "");
            long[] lastLiving = {0};
            int[] deadInARow = {0};
            Judgement[] lastDead = {null};
            TrainingResult result;
            try (trainer; Progress bar = progress.training("promote " + id.substring(0, 8), trainer.run().budget(),
                    trainer.step(), trainer.seconds())) {
                bar.println(String.format(Locale.ROOT, "%s %s: %,d parameters at %dpx on %s%s", startStep > 0
                        ? "continuing" : "training", id, trainer.parameterCount(), trainer.run().resolution(),
                        Devices.name(device), startStep > 0 ? " from step " + startStep : ""));
                // Judged like a search's individual at every checkpoint: only a living one replaces
                // the checkpoint kept in the archive, so a promotion that dies keeps its last living one.
                Trainer training = trainer;
                result = job.run(trainer, bar, () -> deadInARow[0] >= DEAD_CHECKPOINTS || stop.getAsBoolean(), step -> {
                    // While a progressive training still grows, its probes are a lower resolution
                    // enlarged: there is nothing to judge yet, and the checkpoint is kept.
                    var rows = training.trace();
                    boolean growing = !rows.isEmpty() && rows.getLast().resolution() < training.run().resolution();
                    Judgement now = growing ? null
                            : Stability.judge(rows, Outcome.COMPLETED, "", training.probe(),
                                    horizon(training.genome(), training.run(), step));
                    if (now == null || now.verdict() == Verdict.ALIVE) {
                        storeCheckpoint(id, job);
                        lastLiving[0] = step;
                        deadInARow[0] = 0;
                    } else {
                        deadInARow[0]++;
                        lastDead[0] = now;
                        String kept = lastLiving[0] > 0 ? "the archive keeps the checkpoint of step " + lastLiving[0]
                                : "no checkpoint of it has lived yet";
                        String stopping = deadInARow[0] >= DEAD_CHECKPOINTS
                                ? "; dead at " + DEAD_CHECKPOINTS + " checkpoints in a row, stopping" : "";
                        bar.println(String.format(Locale.ROOT, "step %d: %s (%s); %s%s", step, now.verdict().jsonName(),
                                now.reason(), kept, stopping));
                    }
                });
            } finally {
                NativeMemory.trim();
            }
            endStep = result.steps();
            if (result.outcome() == Outcome.STOPPED && deadInARow[0] >= DEAD_CHECKPOINTS) {
                entry = setStatus(id, Status.FAILED, FAILED_PREFIX + "the full training was " + lastDead[0].verdict()
                        .jsonName() + " at " + DEAD_CHECKPOINTS + " checkpoints in a row and stopped at step " + endStep
                        + ": " + lastDead[0].reason() + lastLivingNote(lastLiving[0]));
                return new Done(entry, startStep, endStep, false);
            }
            if (result.outcome() == Outcome.STOPPED) {
                entry = storeCheckpoint(id, job);
                log.accept("stopped at step " + endStep + "; the same command continues from there");
                return new Done(entry, startStep, endStep, true);
            }
            if (result.outcome() == Outcome.NON_FINITE) {
                entry = setStatus(id, Status.FAILED, FAILED_PREFIX + "the full training ended early at step " + endStep
                        + ": " + result.reason() + lastLivingNote(lastLiving[0]));
                return new Done(entry, startStep, endStep, false);
            }
            Judgement end = job.verdict();
            if (end.verdict() != Verdict.ALIVE) {
                entry = setStatus(id, Status.FAILED, FAILED_PREFIX + "the full training ended " + end.verdict().jsonName()
                        + " at step " + endStep + ": " + end.reason() + lastLivingNote(lastLiving[0]));
                return new Done(entry, startStep, endStep, false);
            }
            entry = storeCheckpoint(id, job);
            entry = setStatus(id, Status.RENDERING, "");
        }
        try {
            entry = render(entry, video, renderThreads, progress, stop);
        } catch (LoopVideo.Stopped stopped) {
            log.accept(stopped.getMessage());
            return new Done(archive.resolve(id), startStep, endStep, true);
        }
        if (entry.status() == Status.RENDERING) {
            entry = setStatus(id, Status.RENDERED, "");
        }
        return new Done(entry, startStep, endStep, false);
    }

    private static Stability.Horizon horizon(io.equilibria.config.Genome genome, RunConfig run, long step) {
        return Stability.Horizon.of(genome, run.budget().stepsOr(2 * step));
    }

    private static String lastLivingNote(long step) {
        return step > 0 ? "; the archive keeps its last living checkpoint (step " + step + ")"
                : "; it was not alive at any checkpoint";
    }

    /** Stores the checkpoint, the latest sample sheet and the telemetry as the entry's promotion files. */
    private Entry storeCheckpoint(String id, TrainJob job) {
        return archive.write(w -> {
            Map<String, Blob> files = new LinkedHashMap<>();
            files.put(CHECKPOINT, w.storeDirectory(job.checkpointDir()));
            Path telemetry = job.checkpointDir().getParent().resolve("telemetry.csv");
            if (Files.isRegularFile(telemetry)) {
                files.put(TELEMETRY, w.store(telemetry, "csv"));
            }
            latestSheet(job.checkpointDir().getParent()).ifPresent(sheet -> files.put(SHEET, w.store(sheet, "png")));
            return w.update(id, e -> e.withFiles(files));
        });
    }

    private static java.util.Optional<Path> latestSheet(Path work) {
        Path last = work.resolve("final.png");
        if (Files.isRegularFile(last)) {
            return java.util.Optional.of(last);
        }
        try (var files = Files.list(work.resolve("samples"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".png")).max(Path::compareTo);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private Entry setStatus(String id, Status status, String reason) {
        return archive.write(w -> w.update(id, e -> e.withStatus(status, reason)));
    }

    /**
     * Renders the entry's video (and its colour variations) from its latest checkpoint (the
     * promotion's, else the search's) and stores them with their contact sheets and settings. A
     * render stopped in any way continues, with the same settings, from the segments it finished.
     *
     * @param threads encoders in parallel
     * @throws LoopVideo.Stopped when {@code stop} asked for it (the finished segments are kept)
     */
    public Entry render(Entry entry, RenderSettings video, int threads, Progress.Factory progress, BooleanSupplier stop)
            throws IOException {
        Blob checkpoint = entry.files().getOrDefault(CHECKPOINT, entry.files().get(Entry.CHECKPOINT));
        if (checkpoint == null) {
            throw new ArchiveException("entry " + entry.id() + " has no checkpoint to render from");
        }
        Path work = workDir(archive.file(), entry.id()).resolve("render");
        Path dir = work.resolve("checkpoint");
        TempDirs.delete(dir);
        archive.unpack(checkpoint, dir);
        Path out = work.resolve("out");
        TempDirs.delete(out);
        LoopVideo.Result result;
        try (Trainer trainer = Trainer.resume(dir, device, Trainer.savedRun(dir));
                Progress bar = progress.create("render " + entry.id().substring(0, 8),
                        (long) video.frames() * video.videos(), "frames", 0)) {
            bar.println(String.format(Locale.ROOT, "rendering %s: %.1f s at %d fps, %dx%d %s, %d keyframes,"
                    + " quality %d%s, from step %d, %d encoder thread%s", entry.id(), video.seconds(), video.fps(),
                    video.width(), video.height(), video.layout().optionName(), video.keyframes(), video.quality(),
                    video.variations() > 0 ? ", " + video.variations() + " colour variations" : "", trainer.step(),
                    threads, threads == 1 ? "" : "s"));
            result = LoopVideo.render(trainer, video, work.resolve("segments"), out, threads,
                    done -> bar.update(done, ""), stop);
            if (result.resumedSegments() > 0) {
                bar.println(result.resumedSegments() + " segments were kept from a stopped render");
            }
        } finally {
            NativeMemory.trim();
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("seconds", video.seconds());
        settings.put("fps", video.fps());
        settings.put("frames", result.frames());
        settings.put("keyframes", video.keyframes());
        settings.put("width", video.width());
        settings.put("height", video.height());
        settings.put("layout", video.layout().optionName());
        settings.put("gap", video.gap());
        settings.put("background", String.format(Locale.ROOT, "%06x", video.background()));
        settings.put("quality", video.quality());
        settings.put("seed", video.seed());
        settings.put("checkpoint", checkpoint.name());
        settings.put("render_seconds", result.seconds());
        settings.put("threads", result.threads());
        String id = entry.id();
        Entry stored = archive.write(w -> {
            Map<String, Blob> files = new LinkedHashMap<>();
            List<Map<String, Object>> variations = new ArrayList<>();
            for (LoopVideo.Video v : result.videos()) {
                Blob movie = w.store(v.mp4(), "mp4");
                if (v.variation() == ColourVariation.ORIGINAL) {
                    files.put(VIDEO, movie);
                    settings.put("path", archive.blobPath(movie).toString());
                } else {
                    files.put(VARIATION_PREFIX + v.variation().name(), movie);
                    Map<String, Object> described = new LinkedHashMap<>();
                    described.put("name", v.variation().name());
                    described.put("kind", v.variation().kind());
                    described.putAll(v.variation().parameters());
                    described.put("path", archive.blobPath(movie).toString());
                    variations.add(described);
                }
            }
            settings.put("variations", variations);
            files.put(VIDEO_SHEET, w.store(result.keyframes(), "png"));
            if (result.variationSheet() != null) {
                files.put(VARIATIONS_SHEET, w.store(result.variationSheet(), "png"));
            }
            byte[] json = io.equilibria.config.Json.pretty(settings).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            files.put(VIDEO_SETTINGS, w.store(json, "json"));
            // A new render replaces the last one's variations.
            return w.update(id, e -> e.withoutFiles(role -> role.startsWith(VARIATION_PREFIX) || role.equals(VARIATIONS_SHEET))
                    .withFiles(files));
        });
        TempDirs.delete(work);
        String speed = result.resumedSegments() > 0
                ? String.format(Locale.ROOT, "%d segments from the stopped render", result.resumedSegments())
                : String.format(Locale.ROOT, "%.2fx real time", video.seconds() / result.seconds());
        log.accept(String.format(Locale.ROOT, "video of %s: %s (%d frames%s in %.1f s, %s)", id, settings.get("path"),
                result.frames(), video.variations() > 0 ? " and " + video.variations() + " variations" : "",
                result.seconds(), speed));
        return stored;
    }
}
