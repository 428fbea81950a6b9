package io.equilibria.evolve;

import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveInUseException;
import io.equilibria.config.ConfigException;
import io.equilibria.evolve.cli.BenchCommand;
import io.equilibria.evolve.cli.BrowseCommand;
import io.equilibria.evolve.cli.ClusterCommand;
import io.equilibria.evolve.cli.DoctorCommand;
import io.equilibria.evolve.cli.EvolveCommand;
import io.equilibria.evolve.cli.ExitCodes;
import io.equilibria.evolve.cli.PromoteCommand;
import io.equilibria.evolve.cli.RenderCommand;
import io.equilibria.evolve.cli.SpaceCommand;
import io.equilibria.evolve.cli.TrainCommand;
import io.equilibria.evolve.cli.WarmupCommand;
import io.equilibria.evolve.cli.WorkerCommand;
import io.equilibria.evolve.cli.archive.ArchiveCommand;
import io.equilibria.training.CudaRuntime;
import io.equilibria.training.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code equilibria} program. Each command parses its options, calls one service and prints.
 *
 * <p>Exit codes: 0 success (and a clean stop on Ctrl-C), 1 failure while working, 2 bad input
 * (options, files, values, ids; the message names the field or file), 3 the archive is in use by
 * another process.
 */
@Command(name = "equilibria", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Evolutionary search for data-free GAN ensembles: (un)stable equilibria.",
        subcommands = {EvolveCommand.class, TrainCommand.class, ArchiveCommand.class, ClusterCommand.class, BrowseCommand.class, PromoteCommand.class, RenderCommand.class, BenchCommand.class, DoctorCommand.class, SpaceCommand.class, WarmupCommand.class,
            WorkerCommand.class, WorkerCommand.OneDevice.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_FAILURE = ExitCodes.FAILURE;
    public static final int EXIT_BAD_INPUT = ExitCodes.BAD_INPUT;
    public static final int EXIT_IN_USE = ExitCodes.IN_USE;

    public static void main(String[] args) {
        System.exit(run(args.length == 0 ? defaultJob() : args));
    }

    /**
     * With no command at all: the quick start's main job, a small {@code cpu} search into
     * {@code ./equilibria.db}; run again, it continues where it stopped.
     */
    static String[] defaultJob() {
        return new String[] {"evolve"};
    }

    /** Runs the program and returns its exit code (tests call this in-process). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("equilibria: " + e.getMessage().replace('\n', ' ').trim()
                    + " (see: equilibria " + c.getCommandName().replace("equilibria", "").trim() + " --help)");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
            if (t instanceof ArchiveInUseException) {
                commandLine.getErr().println("equilibria: " + t.getMessage());
                return EXIT_IN_USE;
            }
            if (t instanceof ConfigException || t instanceof ArchiveException) {
                commandLine.getErr().println("equilibria: " + t.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (t instanceof IOException) {
                commandLine.getErr().println("equilibria: " + (e instanceof UncheckedIOException u
                        && u.getMessage() != null && !u.getMessage().equals(t.toString()) ? u.getMessage() + ": " : "")
                        + t.getMessage());
                return EXIT_FAILURE;
            }
            if (isEngineFailure(e)) {
                commandLine.getErr().println("equilibria: " + engineFailure(e));
                return EXIT_FAILURE;
            }
            throw e;
        });
        try {
            CudaRuntime.prepare(); // before anything asks DJL about GPUs
        } catch (RuntimeException e) {
            System.err.println("equilibria: " + e.getMessage());
            return EXIT_FAILURE;
        }
        return cli.execute(args);
    }

    /** A failure of libtorch to load, explained where the cuda build knows why. */
    private static String engineFailure(Throwable t) {
        String why = CudaRuntime.problem().orElse(null);
        return "PyTorch did not load: " + (why != null ? why : String.valueOf(t.getMessage()).lines().findFirst().orElse(""));
    }

    private static boolean isEngineFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ai.djl.engine.EngineException || c instanceof UnsatisfiedLinkError) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"equilibria " + Provenance.current()};
        }
    }
}
