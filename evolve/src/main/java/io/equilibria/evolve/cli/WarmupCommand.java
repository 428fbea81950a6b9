package io.equilibria.evolve.cli;

import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Entry;
import io.equilibria.archive.Query;
import io.equilibria.archive.Sort;
import io.equilibria.archive.store.Archive;
import io.equilibria.archive.store.Transfer;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Preset;
import io.equilibria.evolve.cli.archive.ListCommand;
import io.equilibria.evolve.cli.archive.ShowCommand;
import io.equilibria.evolve.run.TempDirs;
import io.equilibria.evolve.search.ResultEntry;
import io.equilibria.training.Trainer;
import io.equilibria.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code equilibria warmup} (hidden): a little of everything the program does, in a temporary
 * directory, so that the launcher can record a JDK ahead-of-time cache of the classes the commands
 * load ({@code -XX:AOTCacheOutput}). With it, commands start in a fraction of the time.
 */
@Command(name = "warmup", hidden = true, description = "Exercise the program for the launcher's start-up cache.")
public final class WarmupCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("equilibria-warmup");
        try {
            Path genomeFile = dir.resolve("genome.json");
            ConfigJson.write(genomeFile, Preset.TINY.genome());
            ConfigJson.readGenome(genomeFile);
            TrainingResult result;
            try (Trainer trainer = new Trainer(Preset.TINY.genome(), Preset.TINY.run().withSteps(2),
                    io.equilibria.training.Devices.parse("cpu"))) {
                result = trainer.train(io.equilibria.training.TrainingListener.NONE, () -> false);
            }
            Path file = dir.resolve("warmup.db");
            try (Archive archive = Archive.open(file)) {
                Entry entry = archive.write(w -> ResultEntry.store(w, result, "warmup", 0, List.of(), null));
                try (ArchiveView remote = Archive.read(file)) {
                    remote.rows(Query.first(Sort.NOVELTY, 20));
                    remote.list(Query.first(Sort.NOVELTY, 20));
                    remote.resolve(entry.id().substring(0, 4));
                    remote.stats();
                }
            }
            try (ArchiveView view = Archive.read(file)) {
                ListCommand.table(view.rows(Query.first(Sort.NOVELTY, 20)).rows());
                Entry entry = view.list(Query.first(Sort.NOVELTY, 20)).entries().getFirst();
                ShowCommand.describe(entry, view.children(entry.id()), view);
                view.stats();
                Transfer.export(view, entry, dir.resolve("export"));
            }
            try (Archive other = Archive.open(dir.resolve("other.db"))) {
                Transfer.importPath(other, dir.resolve("export"), Preset.TINY.run());
            }
        } finally {
            TempDirs.delete(dir);
        }
        return 0;
    }
}
