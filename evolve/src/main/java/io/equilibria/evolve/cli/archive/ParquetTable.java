package io.equilibria.evolve.cli.archive;

import io.equilibria.archive.ArchiveView;
import io.equilibria.config.Domain;
import io.equilibria.config.Gene;
import io.equilibria.config.SearchSpace;
import io.equilibria.fitness.Descriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The entry table as a Parquet file: the CSV's columns in the CSV's order, each typed (numbers as
 * INT64 or DOUBLE, flags as BOOLEAN, the rest as UTF-8 strings; genes typed by the gene table's
 * domains), every column optional (an entry without a value has none). pandas
 * ({@code read_parquet}), R ({@code arrow}) and DuckDB read it. Written by parquet-java on a local
 * file, uncompressed: no Hadoop at run time.
 */
final class ParquetTable {
    private static final Set<String> INTEGERS = Set.of("generation", "stars", "resolution", "steps");
    private static final Set<String> REALS = Set.of("stability", "novelty", "score", "predicted", "seconds");
    private static final Set<String> FLAGS = Set.of("favourite", "rejected");

    private ParquetTable() {}

    /** The type of a column of {@link EntryTable#columns()}. */
    static PrimitiveTypeName typeOf(String column) {
        if (INTEGERS.contains(column)) {
            return PrimitiveTypeName.INT64;
        }
        if (REALS.contains(column) || Descriptor.NAMES.contains(column)) {
            return PrimitiveTypeName.DOUBLE;
        }
        if (FLAGS.contains(column)) {
            return PrimitiveTypeName.BOOLEAN;
        }
        int dot = column.indexOf('.');
        SearchSpace.Scope scope = dot < 0 ? SearchSpace.GENOME
                : column.startsWith("d.") ? SearchSpace.DISCRIMINATOR : SearchSpace.GENERATOR;
        return scope.gene(column.substring(dot + 1)).map(Gene::domain).map(ParquetTable::typeOf)
                .orElse(PrimitiveTypeName.BINARY);
    }

    private static PrimitiveTypeName typeOf(Domain domain) {
        return switch (domain) {
            case Domain.IntRange r -> PrimitiveTypeName.INT64;
            case Domain.IntSet s -> PrimitiveTypeName.INT64;
            case Domain.Seed s -> PrimitiveTypeName.INT64;
            case Domain.RealRange r -> PrimitiveTypeName.DOUBLE;
            case Domain.Flag f -> PrimitiveTypeName.BOOLEAN;
            case Domain.Options o -> PrimitiveTypeName.BINARY;
        };
    }

    /** The file's schema: one optional field per column. */
    static MessageType schema() {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (String column : EntryTable.columns()) {
            PrimitiveTypeName type = typeOf(column);
            if (type == PrimitiveTypeName.BINARY) {
                message.optional(type).as(LogicalTypeAnnotation.stringType()).named(column);
            } else {
                message.optional(type).named(column);
            }
        }
        return message.named("entries");
    }

    /**
     * Writes every entry of {@code view} into {@code file} (which must not exist), oldest first.
     *
     * @return the number of rows
     */
    static int write(ArchiveView view, Path file) throws IOException {
        MessageType schema = schema();
        Map<String, PrimitiveTypeName> types = new LinkedHashMap<>();
        List<String> columns = EntryTable.columns();
        columns.forEach(c -> types.put(c, typeOf(c)));
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withType(schema)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build()) {
            return EntryTable.rows(view, row -> {
                Group g = groups.newGroup();
                for (String c : columns) {
                    String v = row.get(c);
                    if (v == null || v.isEmpty()) {
                        continue;
                    }
                    switch (types.get(c)) {
                        case INT64 -> g.append(c, Long.parseLong(v));
                        case DOUBLE -> g.append(c, Double.parseDouble(v));
                        case BOOLEAN -> g.append(c, Boolean.parseBoolean(v));
                        default -> g.append(c, v);
                    }
                }
                writer.write(g);
            });
        }
    }
}
