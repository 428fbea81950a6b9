package io.equilibria.evolve.cli;

import io.equilibria.config.Gene;
import io.equilibria.config.Preset;
import io.equilibria.config.RunConfig;
import io.equilibria.config.SearchSpace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code equilibria space}: the gene table, the one source of truth, as Markdown. */
@Command(name = "space", mixinStandardHelpOptions = true,
        description = "Print the genome's search space, the run settings and the presets as Markdown tables.")
public final class SpaceCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.print(markdown());
        return 0;
    }

    static String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("| field | values | default | what it does |\n| --- | --- | --- | --- |\n");
        rows(s, "", SearchSpace.GENOME.genes());
        rows(s, "a., b.", SearchSpace.GENERATOR.genes());
        rows(s, "d.", SearchSpace.DISCRIMINATOR.genes());
        s.append("\nRun settings (`run.json`; `train` options override them):\n\n");
        s.append("| field | values | default | what it does |\n| --- | --- | --- | --- |\n");
        rows(s, "", RunConfig.FIELDS.genes());
        s.append("\nPresets:\n\n| preset | for |\n| --- | --- |\n");
        for (Preset p : Preset.values()) {
            s.append("| `").append(p.jsonName()).append("` | ").append(p.description()).append(" |\n");
        }
        return s.toString();
    }

    private static void rows(StringBuilder s, String prefix, List<Gene> genes) {
        for (Gene g : genes) {
            String name = prefix.isEmpty() ? g.name() : String.join(", ",
                    java.util.Arrays.stream(prefix.split(", ")).map(p -> p + g.name()).toList());
            Object d = g.defaultValue();
            String def = d instanceof io.equilibria.config.Choice c ? c.jsonName() : String.valueOf(d);
            s.append("| `").append(name).append("` | ").append(g.domain().describe()).append(" | ")
                    .append(def).append(" | ").append(g.doc()).append(" |\n");
        }
    }
}
