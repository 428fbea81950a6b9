package io.equilibria.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON reading and writing of genomes and run configurations, driven by the field tables of
 * {@link SearchSpace} and {@link RunConfig#FIELDS}. Fields missing from a file take the table's
 * default; unknown fields, wrong types and out-of-range values are refused with a
 * {@link ConfigException} naming the file and the field.
 */
public final class ConfigJson {
    private static final ObjectMapper MAPPER = Json.mapper();

    private ConfigJson() {}

    /** The program's one mapper ({@link Json#mapper}); files for people are written with {@link Json#pretty}. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The genome in a JSON file; missing fields take the table's defaults.
     *
     * @throws ConfigException naming the file and the field: missing file, malformed JSON, unknown field, value out of range
     */
    public static Genome readGenome(Path file) {
        return fromFile(file, node -> read(Genome.class, SearchSpace.GENOME, node, ""));
    }

    /** A genome from JSON text; {@code source} names it in errors ({@link ConfigException}, as {@link #readGenome}). */
    public static Genome parseGenome(String json, String source) {
        return fromText(json, source, node -> read(Genome.class, SearchSpace.GENOME, node, ""));
    }

    /** The run settings in a JSON file; missing fields take the table's defaults ({@link ConfigException} as {@link #readGenome}). */
    public static RunConfig readRun(Path file) {
        return fromFile(file, node -> read(RunConfig.class, RunConfig.FIELDS, node, ""));
    }

    /** Run settings from JSON text; {@code source} names it in errors. */
    public static RunConfig parseRun(String json, String source) {
        return fromText(json, source, node -> read(RunConfig.class, RunConfig.FIELDS, node, ""));
    }

    /** A genome from an already parsed JSON tree (for example a field of a larger record). */
    public static Genome genomeFromJson(JsonNode node, String source) {
        return fromTree(node, source, n -> read(Genome.class, SearchSpace.GENOME, n, ""));
    }

    /** A run configuration from an already parsed JSON tree. */
    public static RunConfig runFromJson(JsonNode node, String source) {
        return fromTree(node, source, n -> read(RunConfig.class, RunConfig.FIELDS, n, ""));
    }

    /** The genome built entirely from the table's defaults. */
    public static Genome defaultGenome() {
        return read(Genome.class, SearchSpace.GENOME, MAPPER.createObjectNode(), "");
    }

    /** The run configuration built entirely from the table's defaults. */
    public static RunConfig defaultRun() {
        return read(RunConfig.class, RunConfig.FIELDS, MAPPER.createObjectNode(), "");
    }

    /** A genome as JSON, every gene in the table's order, enums by their lower-case names. */
    public static ObjectNode toJson(Genome genome) {
        return write(genome);
    }

    /**
     * The genome's JSON as its identity: {@link #toJson}, less the genes of
     * {@link SearchSpace#ADDED_LATER} that hold their default (so that ids made before those genes
     * existed still name the same ensembles).
     */
    public static ObjectNode toIdentityJson(Genome genome) {
        ObjectNode node = write(genome);
        for (String path : SearchSpace.ADDED_LATER) {
            int dot = path.indexOf('.');
            SearchSpace.Scope scope = dot < 0 ? SearchSpace.GENOME : SearchSpace.GENERATOR;
            String name = path.substring(dot + 1);
            ObjectNode holder = dot < 0 ? node : (ObjectNode) node.get(path.substring(0, dot));
            Object def = scope.gene(name).orElseThrow().defaultValue();
            JsonNode value = holder.get(name);
            boolean isDefault = def instanceof Choice c ? value.asText().equals(c.jsonName())
                    : def instanceof Integer i && value.isInt() && value.intValue() == i;
            if (isDefault) {
                holder.remove(name);
            }
        }
        return node;
    }

    /** Run settings as JSON, in the table's order. */
    public static ObjectNode toJson(RunConfig run) {
        return write(run);
    }

    /** A genome or run configuration as indented JSON text, ending in a newline. */
    public static String toString(Record value) {
        return Json.pretty(write(value));
    }

    /**
     * Writes a genome or run configuration to {@code file} whole (a temporary file, then an atomic rename).
     *
     * @throws IOException when the folder cannot be written
     */
    public static void write(Path file, Record value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, toString(value));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private interface Reader<T> {
        T read(JsonNode node);
    }

    private static <T> T fromFile(Path file, Reader<T> reader) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(null, file + ": is a directory, expected a JSON file");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(null, file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(null, file + ": cannot read (" + e.getMessage() + ")");
        }
        return fromText(text, file.toString(), reader);
    }

    private static <T> T fromText(String text, String source, Reader<T> reader) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String what = e instanceof JsonParseException ? e.getOriginalMessage() : e.getMessage();
            throw new ConfigException(null, source + ": malformed JSON" + where + ": " + firstLine(what));
        }
        if (node == null || node.isMissingNode()) {
            throw new ConfigException(null, source + ": empty file, expected a JSON object");
        }
        return fromTree(node, source, reader);
    }

    private static <T> T fromTree(JsonNode node, String source, Reader<T> reader) {
        if (node == null || node.isNull()) {
            throw new ConfigException(null, source + ": missing, expected a JSON object");
        }
        try {
            return reader.read(node);
        } catch (ConfigException e) {
            throw e.inFile(source);
        }
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    /** Reads a record of type {@code type} whose fields are described by {@code scope}. */
    private static <T extends Record> T read(Class<T> type, SearchSpace.Scope scope, JsonNode node, String prefix) {
        if (!node.isObject()) {
            throw new ConfigException(prefix.isEmpty() ? null : strip(prefix), "expected a JSON object");
        }
        RecordComponent[] components = type.getRecordComponents();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            String name = fields.next().getKey();
            if (Arrays.stream(components).noneMatch(c -> c.getName().equals(name))) {
                throw new ConfigException(prefix + name, "unknown field");
            }
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            JsonNode value = node.get(c.getName());
            String path = prefix + c.getName();
            if (c.getType() == GeneratorGenome.class) {
                args[i] = read(GeneratorGenome.class, SearchSpace.GENERATOR, orEmpty(value), path + ".");
            } else if (c.getType() == DiscriminatorGenome.class) {
                args[i] = read(DiscriminatorGenome.class, SearchSpace.DISCRIMINATOR, orEmpty(value), path + ".");
            } else {
                Gene gene = scope.gene(c.getName()).orElseThrow(
                        () -> new IllegalStateException("no gene for " + path));
                Object v = value == null ? gene.defaultValue() : parse(gene.domain(), value, path);
                String reason = gene.domain().reject(v);
                if (reason != null) {
                    throw new ConfigException(path, reason);
                }
                args[i] = v;
            }
        }
        try {
            Constructor<T> ctor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ConfigException ce) {
                // A rule across fields (such as "one budget"); qualify it with the record's path.
                throw prefix.isEmpty() ? ce : new ConfigException(prefix + ce.field(), ce.reason());
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode orEmpty(JsonNode node) {
        return node == null ? MAPPER.createObjectNode() : node;
    }

    private static String strip(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /** Converts a JSON value to the Java type of a domain, or refuses it naming the field. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(Domain domain, JsonNode value, String path) {
        return switch (domain) {
            case Domain.IntRange r -> asInt(value, path);
            case Domain.IntSet s -> asInt(value, path);
            case Domain.RealRange r -> {
                if (!value.isNumber()) {
                    throw new ConfigException(path, "expected a number, got " + kind(value));
                }
                yield value.doubleValue();
            }
            case Domain.Flag f -> {
                if (!value.isBoolean()) {
                    throw new ConfigException(path, "expected true or false, got " + kind(value));
                }
                yield value.booleanValue();
            }
            case Domain.Options o -> {
                if (!value.isTextual()) {
                    throw new ConfigException(path, "expected " + o.describe() + ", got " + kind(value));
                }
                Object e = Choice.parse((Class) o.type(), value.textValue());
                if (e == null) {
                    throw new ConfigException(path, "\"" + value.textValue() + "\" is not " + o.describe());
                }
                yield e;
            }
            case Domain.Seed s -> {
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    throw new ConfigException(path, "expected a non-negative integer, got " + kind(value));
                }
                yield value.longValue();
            }
        };
    }

    private static Integer asInt(JsonNode value, String path) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new ConfigException(path, "expected an integer, got " + kind(value));
        }
        return value.intValue();
    }

    private static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "\"" + value.textValue() + "\"";
        }
        return value.isContainerNode() ? (value.isArray() ? "an array" : "an object") : value.toString();
    }

    private static ObjectNode write(Record value) {
        ObjectNode node = MAPPER.createObjectNode();
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            switch (v) {
                case Record r -> node.set(c.getName(), write(r));
                case Choice ch -> node.put(c.getName(), ch.jsonName());
                case Integer i -> node.put(c.getName(), i);
                case Long l -> node.put(c.getName(), l);
                case Double d -> node.put(c.getName(), d);
                case Boolean b -> node.put(c.getName(), b);
                default -> throw new IllegalStateException("cannot write " + c.getName());
            }
        }
        return node;
    }
}
