package io.equilibria.evolve.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.equilibria.config.ConfigException;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Domain;
import io.equilibria.config.Gene;
import io.equilibria.config.Genome;
import io.equilibria.config.SearchSpace;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.engine.Codec;
import io.jenetics.engine.InvertibleCodec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Jenetics codec of genomes, generated from {@link SearchSpace}: one {@link DoubleChromosome}
 * with one gene in [0, 1) per searched gene of the table (shared genes, then {@code a.}, {@code b.}
 * and {@code d.}). A unit value maps onto the gene's domain (linearly or logarithmically, integer
 * and option genes by bucket); real values are rounded to six significant digits so that a genome
 * encodes and decodes to itself. The seed is not searched: every genome of a search carries the
 * search's seed. A search may narrow a gene's domain ({@link #bounds}).
 */
public final class GenomeCodec {
    private static final MathContext DIGITS = new MathContext(6);

    /**
     * A searched gene: its dotted path, the domain it is searched over, and its part of the
     * ensemble (0 the shared genes, 1 A's, 2 B's, 3 D's).
     */
    record Slot(String path, Domain domain, int part) {}

    private final List<Slot> slots;
    private final long seed;

    /**
     * @param bounds narrower domains by dotted path (for example {@code a.baseChannels}); each must
     *     lie within the table's domain of that gene
     */
    GenomeCodec(Map<String, Domain> bounds, long seed) {
        this.seed = seed;
        Map<String, Domain> left = new LinkedHashMap<>(bounds);
        List<Slot> all = new ArrayList<>();
        add(all, "", SearchSpace.GENOME, 0, left);
        add(all, "a.", SearchSpace.GENERATOR, 1, left);
        add(all, "b.", SearchSpace.GENERATOR, 2, left);
        add(all, "d.", SearchSpace.DISCRIMINATOR, 3, left);
        if (!left.isEmpty()) {
            throw new ConfigException("bounds." + left.keySet().iterator().next(), "no such searched gene");
        }
        this.slots = List.copyOf(all);
    }

    private static void add(List<Slot> all, String prefix, SearchSpace.Scope scope, int part,
            Map<String, Domain> bounds) {
        for (Gene g : scope.genes()) {
            if (!g.searched()) {
                continue;
            }
            String path = prefix + g.name();
            Domain narrowed = bounds.remove(path);
            if (narrowed != null) {
                checkWithin(path, narrowed, g.domain());
            }
            all.add(new Slot(path, narrowed != null ? narrowed : g.domain(), part));
        }
    }

    private static void checkWithin(String path, Domain narrow, Domain wide) {
        String reason = switch (narrow) {
            case Domain.IntRange r -> wide.reject(r.min()) != null ? wide.reject(r.min()) : wide.reject(r.max());
            case Domain.RealRange r -> wide.reject(r.min()) != null ? wide.reject(r.min()) : wide.reject(r.max());
            case Domain.IntSet s -> s.values().stream().map(wide::reject).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
            case Domain.Options o -> wide instanceof Domain.Options w && w.type() == o.type()
                    && w.names().containsAll(o.names()) ? null : "cannot narrow this gene to " + o.describe();
            default -> narrow.getClass() == wide.getClass() ? null : "cannot narrow this gene";
        };
        if (reason != null) {
            throw new ConfigException("bounds." + path, reason);
        }
    }

    List<Slot> slots() {
        return slots;
    }

    long seed() {
        return seed;
    }

    /** Each gene's part of the ensemble, in slot order (see {@link Slot#part}). */
    int[] parts() {
        return slots.stream().mapToInt(Slot::part).toArray();
    }

    /** The Jenetics codec over one chromosome of unit genes. */
    Codec<Genome, DoubleGene> codec() {
        return InvertibleCodec.of(Genotype.of(DoubleChromosome.of(0, 1, slots.size())), this::decode, this::encode);
    }

    Genome decode(Genotype<DoubleGene> genotype) {
        double[] units = new double[slots.size()];
        for (int i = 0; i < units.length; i++) {
            units[i] = genotype.chromosome().get(i).doubleValue();
        }
        return decode(units);
    }

    Genome decode(double[] units) {
        ObjectNode root = ConfigJson.mapper().createObjectNode();
        root.put("seed", seed);
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            ObjectNode node = root;
            String name = s.path();
            int dot = name.indexOf('.');
            if (dot > 0) {
                node = root.has(name.substring(0, dot)) ? (ObjectNode) root.get(name.substring(0, dot))
                        : root.putObject(name.substring(0, dot));
                name = name.substring(dot + 1);
            }
            put(node, name, s.domain(), clamp(units[i]));
        }
        return ConfigJson.genomeFromJson(root, "codec");
    }

    private static double clamp(double u) {
        return Math.min(Math.max(u, 0), Math.nextDown(1.0));
    }

    /**
     * What a mutation of this search may change, for trainings at {@code resolution}: genes whose
     * domain has more than one value, and of those the ones a genome's training reads
     * ({@link Genome#unreadAt}); two unit values are one when they decode to the same gene value.
     */
    Lineage.Genes genes(int resolution) {
        BitSet variable = new BitSet(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            variable.set(i, hasChoice(slots.get(i).domain()));
        }
        return new Lineage.Genes() {
            @Override
            public BitSet variable(Genotype<DoubleGene> genotype) {
                return (BitSet) variable.clone();
            }

            @Override
            public BitSet read(Genotype<DoubleGene> genotype) {
                Set<String> unread = decode(genotype).unreadAt(resolution);
                BitSet read = variable(genotype);
                for (int i = 0; i < slots.size(); i++) {
                    if (unread.contains(slots.get(i).path())) {
                        read.clear(i);
                    }
                }
                return read;
            }

            @Override
            public boolean same(int gene, double u, double v) {
                Domain domain = slots.get(gene).domain();
                ObjectNode x = ConfigJson.mapper().createObjectNode();
                ObjectNode y = ConfigJson.mapper().createObjectNode();
                put(x, "v", domain, clamp(u));
                put(y, "v", domain, clamp(v));
                return x.equals(y);
            }
        };
    }

    private static boolean hasChoice(Domain domain) {
        return switch (domain) {
            case Domain.IntRange r -> r.min() < r.max();
            case Domain.IntSet s -> s.values().size() > 1;
            case Domain.RealRange r -> r.min() < r.max();
            case Domain.Flag f -> f.only() == null;
            case Domain.Options o -> o.names().size() > 1;
            case Domain.Seed s -> false;
        };
    }

    private static void put(ObjectNode node, String name, Domain domain, double u) {
        switch (domain) {
            case Domain.IntRange r -> {
                int v;
                if (r.scale() == Domain.Scale.LOG) {
                    double lo = Math.log(r.min());
                    double hi = Math.log(r.max() + 1.0);
                    v = (int) Math.floor(Math.exp(lo + u * (hi - lo)));
                } else {
                    v = r.min() + (int) Math.floor(u * (r.max() - r.min() + 1.0));
                }
                node.put(name, Math.max(r.min(), Math.min(r.max(), v)));
            }
            case Domain.IntSet s -> node.put(name, s.values().get(bucket(u, s.values().size())));
            case Domain.RealRange r -> {
                double v = r.scale() == Domain.Scale.LOG
                        ? Math.exp(Math.log(r.min()) + u * (Math.log(r.max()) - Math.log(r.min())))
                        : r.min() + u * (r.max() - r.min());
                v = new BigDecimal(v).round(DIGITS).doubleValue();
                node.put(name, Math.max(r.min(), Math.min(r.max(), v)));
            }
            case Domain.Flag f -> node.put(name, f.only() != null ? f.only() : u >= 0.5);
            case Domain.Options o -> node.put(name, o.names().get(bucket(u, o.names().size())));
            case Domain.Seed s -> throw new IllegalStateException("the seed is not searched");
        }
    }

    private static int bucket(double u, int n) {
        return Math.min(n - 1, (int) Math.floor(u * n));
    }

    /** The unit genes of a genome (values outside a narrowed domain are clamped to it). */
    double[] units(Genome genome) {
        JsonNode root = ConfigJson.toJson(genome);
        double[] units = new double[slots.size()];
        for (int i = 0; i < units.length; i++) {
            Slot s = slots.get(i);
            JsonNode v = root.at("/" + s.path().replace('.', '/'));
            units[i] = unit(s.domain(), v);
        }
        return units;
    }

    Genotype<DoubleGene> encode(Genome genome) {
        return genotype(units(genome));
    }

    /** The genotype of unit genes {@code units}. */
    static Genotype<DoubleGene> genotype(double[] units) {
        List<DoubleGene> genes = new ArrayList<>();
        for (double u : units) {
            genes.add(DoubleGene.of(u, 0, 1));
        }
        return Genotype.of(DoubleChromosome.of(genes));
    }

    private static double unit(Domain domain, JsonNode v) {
        double u = switch (domain) {
            case Domain.IntRange r -> r.scale() == Domain.Scale.LOG
                    ? (Math.log(v.intValue() + 0.5) - Math.log(r.min())) / (Math.log(r.max() + 1.0) - Math.log(r.min()))
                    : (v.intValue() - r.min() + 0.5) / (r.max() - r.min() + 1.0);
            case Domain.IntSet s -> (Math.max(0, s.values().indexOf(v.intValue())) + 0.5) / s.values().size();
            case Domain.RealRange r -> r.scale() == Domain.Scale.LOG
                    ? (Math.log(v.doubleValue()) - Math.log(r.min())) / (Math.log(r.max()) - Math.log(r.min()))
                    : (v.doubleValue() - r.min()) / (r.max() - r.min());
            case Domain.Flag f -> v.booleanValue() ? 0.75 : 0.25;
            case Domain.Options o -> (Math.max(0, o.names().indexOf(v.textValue())) + 0.5) / o.names().size();
            case Domain.Seed s -> throw new IllegalStateException("the seed is not searched");
        };
        return Math.min(Math.max(u, 0), Math.nextDown(1.0));
    }

}
