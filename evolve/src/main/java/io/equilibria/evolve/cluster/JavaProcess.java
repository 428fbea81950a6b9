package io.equilibria.evolve.cluster;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs that run like this one (same JDK, class path and launcher flags). */
public final class JavaProcess {
    /**
     * The launcher's flags and the user's DJL and JVM options ({@code EQUILIBRIA_JAVA_OPTS}: every
     * {@code -Dai.djl.} property such as {@code cudnn_benchmark}, heap and direct-memory sizes).
     * Options a caller adds come later and win (the last {@code -D} of a name counts).
     */
    private static final List<String> INHERITED = List.of("-XX:AOTCache=", "-Xlog:aot", "-Xlog:cds",
            "-Dai.djl.", "--enable-native-access=", "-Dequilibria.", "--add-opens=", "--add-exports=",
            "--sun-misc-unsafe-memory-access=", "-Dorg.slf4j.simpleLogger.", "-Xmx", "-Xms", "-Xss",
            "-XX:MaxDirectMemorySize=");

    /**
     * The program's entry point, by name: workers and bred searches are this program in a child
     * JVM, and naming the class keeps the packages that start them (cluster, cli) from depending on
     * the entry point that depends on them ({@code MainTest} checks the name).
     */
    public static final String PROGRAM = "io.equilibria.evolve.Main";

    private JavaProcess() {}

    /** A command line running this program with {@code args} in a child JVM like this one. */
    public static List<String> program(List<String> jvm, List<String> args) {
        return command(PROGRAM, jvm, args);
    }

    public static List<String> command(Class<?> main, String... args) {
        return command(main, List.of(), List.of(args));
    }

    /** The same, with extra JVM options ({@code jvm}) before the main class. */
    public static List<String> command(Class<?> main, List<String> jvm, List<String> args) {
        return command(main.getName(), jvm, args);
    }

    private static List<String> command(String main, List<String> jvm, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (INHERITED.stream().anyMatch(arg::startsWith)) {
                command.add(arg);
            }
        }
        if (command.stream().noneMatch(a -> a.startsWith("--enable-native-access="))) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        command.addAll(args);
        return command;
    }
}
