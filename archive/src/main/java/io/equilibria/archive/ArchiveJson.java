package io.equilibria.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.equilibria.config.ConfigException;
import io.equilibria.config.ConfigJson;
import io.equilibria.config.Genome;
import io.equilibria.config.RunConfig;
import java.io.IOException;

/**
 * The archive's JSON: records as Jackson binds them, except genomes and run configurations, which
 * are written and validated by {@link ConfigJson} (one format everywhere), and times as ISO-8601
 * text. Enums that are {@link io.equilibria.config.Choice}s (statuses, sorts) by their lower-case names.
 */
public final class ArchiveJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(configModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    /** The same configuration, indented for people, with a tree's fields in their own order (as written). */
    private static final com.fasterxml.jackson.databind.ObjectWriter PRETTY = MAPPER.writer(SerializationFeature.INDENT_OUTPUT)
            .without(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

    private ArchiveJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Compact JSON bytes of a record. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /** Indented JSON text of a value, for people. */
    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record of {@code type} from JSON bytes; {@code what} names it in the error. */
    public static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException | RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof ConfigException)) {
                cause = cause.getCause();
            }
            String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new ArchiveException(what + " is unreadable: " + message.lines().findFirst().orElse(""));
        }
    }

    /** JSON text with object keys sorted at every level: equal trees give equal text. */
    static String canonical(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SimpleModule configModule() {
        SimpleModule module = new SimpleModule("equilibria-config");
        module.addSerializer(Genome.class, new JsonSerializer<>() {
            @Override
            public void serialize(Genome value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeTree(ConfigJson.toJson(value));
            }
        });
        module.addDeserializer(Genome.class, new JsonDeserializer<>() {
            @Override
            public Genome deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return ConfigJson.genomeFromJson(p.readValueAsTree(), "genome");
            }
        });
        module.addSerializer(RunConfig.class, new JsonSerializer<>() {
            @Override
            public void serialize(RunConfig value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeTree(ConfigJson.toJson(value));
            }
        });
        module.addDeserializer(RunConfig.class, new JsonDeserializer<>() {
            @Override
            public RunConfig deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return ConfigJson.runFromJson(p.readValueAsTree(), "run");
            }
        });
        return module;
    }
}
