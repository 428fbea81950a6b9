package io.equilibria.evolve.cli;

import io.equilibria.archive.Entry;
import io.equilibria.archive.store.Archive;
import io.equilibria.config.Budget;
import io.equilibria.config.ConfigException;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Genome;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.evolve.run.Progress;
import io.equilibria.evolve.run.StopSignal;
import io.equilibria.evolve.run.TrainJob;
import io.equilibria.evolve.search.ResultEntry;
import io.equilibria.fitness.Evaluation;
import io.equilibria.training.Checkpoint;
import io.equilibria.training.Devices;
import io.equilibria.training.Outcome;
import io.equilibria.training.Trainer;
import io.equilibria.training.TrainingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code equilibria train}: one genome, for exploring. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train one genome and write sample sheets, telemetry and a checkpoint.",
            "Ctrl-C stops cleanly with a checkpoint; --resume DIR continues."})
public final class TrainCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--genome", paramLabel = "FILE", description = "Genome JSON (missing fields take defaults).")
        Path genome;

        @Option(names = "--preset", paramLabel = "NAME", description = "tiny, cpu, series1, bench64 or gpu.")
        String preset;
    }

    static final class Budget {
        @Option(names = "--steps", paramLabel = "N", description = "Budget in training steps.")
        Integer steps;

        @Option(names = "--seconds", paramLabel = "S", description = "Budget in seconds of training.")
        Double seconds;
    }

    @ArgGroup(exclusive = true)
    Source source = new Source();

    @ArgGroup(exclusive = true)
    Budget budget = new Budget();

    @Option(names = "--resolution", paramLabel = "R", description = "Output resolution (power of two, 8..1024).")
    Integer resolution;

    @Option(names = "--device", paramLabel = "D", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (new, or use --resume).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the training in DIR from its checkpoint.")
    Path resume;

    @Option(names = "--telemetry-every", paramLabel = "K", description = "Steps between telemetry rows.")
    Integer telemetryEvery;

    @Option(names = "--sample-every", paramLabel = "K", description = "Steps between sample sheets and checkpoints (0: at the end).")
    Integer sampleEvery;

    @Option(names = "--archive", paramLabel = "PATH",
            description = "Also store the finished training as an entry of this archive (created if missing).")
    Path archive;

    @Override
    public Integer call() throws Exception {
        if (resume != null && out != null && !resume.equals(out)) {
            throw new ConfigException("--out", "give either --out (new training) or --resume (continue), not both");
        }
        if (resume != null && (source.genome != null || source.preset != null)) {
            throw new ConfigException("--resume", "a resumed training keeps its genome; drop --genome/--preset");
        }
        if (resume == null && out == null) {
            throw new ConfigException("--out", "missing: where should the training be written?");
        }
        // Every option is checked before the archive is opened (opening creates and locks it).
        Devices.parse(device);
        if (resume == null) {
            overrides(source.genome != null ? ConfigJson.defaultRun() : Preset.named(source.preset == null ? "cpu"
                    : source.preset).run());
            if (source.genome != null) {
                ConfigJson.readGenome(source.genome);
            }
        }
        // Opened before training: a busy archive is refused before anything is trained or written.
        try (StopSignal stop = new StopSignal("a checkpoint is being written");
                Archive store = archive == null ? null : Archive.open(archive)) {
            return train(store, stop);
        }
    }

    private int train(Archive store, StopSignal stop) throws Exception {
        Path dir = resume != null ? resume : out;
        TrainJob job = new TrainJob(dir);
        Trainer trainer;
        if (resume != null) {
            if (!Checkpoint.exists(job.checkpointDir())) {
                throw new ConfigException("--resume", dir + " holds no checkpoint to resume");
            }
            RunConfig run = overrides(Trainer.savedRun(job.checkpointDir()));
            if (resolution != null && resolution != run.resolution()) {
                throw new ConfigException("--resolution", "a resumed training keeps its resolution " + run.resolution());
            }
            trainer = job.resume(run, Devices.parse(device));
        } else {
            Genome genome;
            RunConfig run;
            if (source.genome != null) {
                genome = ConfigJson.readGenome(source.genome);
                run = ConfigJson.defaultRun();
            } else {
                Preset preset = Preset.named(source.preset == null ? "cpu" : source.preset);
                genome = preset.genome();
                run = preset.run();
            }
            trainer = job.start(genome, overrides(run), Devices.parse(device));
        }
        Progress.Factory displays = Progress::create;
        try (trainer; Progress progress = displays.training("train", trainer.run().budget(), trainer.step(),
                trainer.seconds())) {
            progress.println(String.format("training %,d parameters at %dpx on %s into %s", trainer.parameterCount(),
                    trainer.run().resolution(), Devices.name(trainer.device()), dir));
            TrainingResult result = job.run(trainer, progress, stop::requested);
            progress.close();
            System.out.println(TrainJob.summary(result, dir));
            if (result.outcome() != Outcome.STOPPED) {
                System.out.println(TrainJob.verdictLine(job.verdict()));
            }
            if (store != null && result.outcome() != Outcome.STOPPED) {
                Evaluation evaluation = Evaluation.of(result, result.provenance().device());
                Entry entry = store.write(w -> ResultEntry.store(w, evaluation, result.genome(), result.run(), "train",
                        0, List.of(), job.checkpointDir(), evaluation.stability(),
                        ResultEntry.noveltyAmong(store, evaluation), evaluation.descriptor()));
                System.out.println("stored as entry " + entry.id() + " in " + store.file());
            } else if (store != null) {
                System.out.println("not stored in " + store.file() + " yet: it is stored when the resumed training ends");
            }
        }
        return 0;
    }

    /** Applies the budget, resolution and interval options to {@code run}, naming the option on error. */
    private RunConfig overrides(RunConfig run) {
        try {
            return applyOverrides(run);
        } catch (ConfigException e) {
            String option = "--" + e.field().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            throw new ConfigException(option, e.reason());
        }
    }

    private RunConfig applyOverrides(RunConfig run) {
        if (budget.steps != null) {
            run = run.withSteps(budget.steps);
        } else if (budget.seconds != null) {
            run = run.withSeconds(budget.seconds);
        }
        if (resolution != null) {
            run = run.withResolution(resolution);
        }
        if (telemetryEvery != null || sampleEvery != null) {
            run = run.withIntervals(telemetryEvery == null ? run.telemetryEvery() : telemetryEvery,
                    sampleEvery == null ? run.sampleEvery() : sampleEvery);
        }
        return run;
    }
}
