package io.equilibria.evolve;

import io.equilibria.config.ConfigException;
import io.equilibria.training.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code equilibria} program. Each command parses its options, calls one service and prints.
 *
 * <p>Exit codes: 0 success (and a clean stop on Ctrl-C), 1 failure while working, 2 bad input
 * (options, files, values; the message names the field or file).
 */
@Command(name = "equilibria", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Evolutionary search for data-free GAN ensembles: (un)stable equilibria.",
        subcommands = {TrainCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_BAD_INPUT = 2;

    /** With no command at all: the quick start's main job. */
    static final String[] DEFAULT_JOB = {"train", "--preset", "cpu", "--out", "runs/quickstart"};

    public static void main(String[] args) {
        System.exit(run(args.length == 0 ? DEFAULT_JOB : args));
    }

    /** Runs the program and returns its exit code (tests call this in-process). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
            if (t instanceof ConfigException) {
                commandLine.getErr().println("equilibria: " + t.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (t instanceof IOException) {
                commandLine.getErr().println("equilibria: " + t.getMessage());
                return EXIT_FAILURE;
            }
            throw e;
        });
        return cli.execute(args);
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
