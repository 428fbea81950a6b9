package io.equilibria.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.function.Function;

/**
 * The program's one JSON configuration: records as Jackson binds them, except genomes and run
 * configurations, written and validated by {@link ConfigJson} (one format everywhere); times as
 * ISO-8601 text; {@link Choice} enums by their lower-case names. Stored records are written
 * {@linkplain #bytes canonically} (a tree's fields sorted: equal trees, equal bytes); files for
 * people {@linkplain #pretty indented}, trees in their own order.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(configModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final ObjectWriter CANONICAL = MAPPER.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
    private static final ObjectWriter PRETTY = MAPPER.writer(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** The configured mapper, for trees and type-driven reads; write with {@link #bytes} or {@link #pretty}. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Compact JSON bytes of a value, a tree's fields sorted at every level. */
    public static byte[] bytes(Object value) {
        try {
            return CANONICAL.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /** Compact JSON text of a tree with its fields sorted at every level: equal trees give equal text. */
    public static String canonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Indented JSON text of a value, for people, ending in a newline; a tree's fields in their own order. */
    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A value of {@code type} from JSON bytes.
     *
     * @param what names the value in the error ("a worker's reply")
     * @throws IllegalArgumentException "WHAT is unreadable: REASON" (a {@link ConfigException}'s
     *     reason when a genome or run configuration inside is invalid)
     */
    public static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException | RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof ConfigException)) {
                cause = cause.getCause();
            }
            String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new IllegalArgumentException(what + " is unreadable: " + message.lines().findFirst().orElse(""), e);
        }
    }

    private static SimpleModule configModule() {
        SimpleModule module = new SimpleModule("equilibria-config");
        asTree(module, Genome.class, ConfigJson::toJson, tree -> ConfigJson.genomeFromJson(tree, "genome"));
        asTree(module, RunConfig.class, ConfigJson::toJson, tree -> ConfigJson.runFromJson(tree, "run"));
        return module;
    }

    /** Reads and writes {@code type} as the tree its table-checked reader and writer make. */
    private static <T> void asTree(SimpleModule module, Class<T> type, Function<T, JsonNode> write,
            Function<JsonNode, T> read) {
        module.addSerializer(type, new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeTree(write.apply(value));
            }
        });
        module.addDeserializer(type, new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return read.apply(p.readValueAsTree());
            }
        });
    }
}
