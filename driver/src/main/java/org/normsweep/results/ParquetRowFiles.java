package org.normsweep.results;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes rows of a result table to one Parquet file with Parquet's own writer, on the driver, without a
 * Spark job: a write then never waits for a task slot that running trials hold. The files use the
 * standard encodings Spark writes (UTF-8 strings, microsecond UTC timestamps, three-level lists), so
 * {@code spark.read.parquet} reads them as the declared schema. Driver-only.
 */
public final class ParquetRowFiles {
    private ParquetRowFiles() {}

    /** Writes {@code rows} of {@code schema} to a new file {@code file} (it must not exist). */
    public static void write(Configuration conf, Path file, StructType schema, List<Row> rows) throws IOException {
        write(conf, file, schema, rows.iterator(), Map.of());
    }

    /**
     * Writes the rows {@code rows} gives to a new file, with {@code metadata} in its footer's key-value metadata.
     *
     * @return the number of rows written
     */
    static long write(
            Configuration conf, Path file, StructType schema, Iterator<Row> rows, Map<String, String> metadata)
            throws IOException {
        MessageType type = messageType(schema);
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        long n = 0;
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, conf))
                .withType(type)
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withExtraMetaData(metadata)
                .build()) {
            while (rows.hasNext()) {
                writer.write(group(groups, schema, rows.next()));
                n++;
            }
        }
        return n;
    }

    static MessageType messageType(StructType schema) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (StructField f : schema.fields()) {
            message.addField(field(f.name(), f.dataType()));
        }
        return message.named("spark_schema");
    }

    private static Type field(String name, DataType t) {
        if (t.equals(DataTypes.StringType)) {
            return Types.optional(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType())
                    .named(name);
        } else if (t.equals(DataTypes.IntegerType)) {
            return Types.optional(PrimitiveTypeName.INT32).named(name);
        } else if (t.equals(DataTypes.LongType)) {
            return Types.optional(PrimitiveTypeName.INT64).named(name);
        } else if (t.equals(DataTypes.DoubleType)) {
            return Types.optional(PrimitiveTypeName.DOUBLE).named(name);
        } else if (t.equals(DataTypes.TimestampType)) {
            return Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                    .named(name);
        } else if (t instanceof ArrayType a && a.elementType().equals(DataTypes.IntegerType)) {
            return Types.optionalList().optionalElement(PrimitiveTypeName.INT32).named(name);
        } else if (t instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            return Types.optionalList()
                    .optionalElement(PrimitiveTypeName.DOUBLE)
                    .named(name);
        }
        throw new IllegalArgumentException("no Parquet mapping for column " + name + " of type " + t);
    }

    private static Group group(SimpleGroupFactory groups, StructType schema, Row row) {
        Group g = groups.newGroup();
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (row.isNullAt(i)) {
                continue;
            }
            String name = fields[i].name();
            DataType t = fields[i].dataType();
            if (t.equals(DataTypes.StringType)) {
                g.append(name, row.getString(i));
            } else if (t.equals(DataTypes.IntegerType)) {
                g.append(name, row.getInt(i));
            } else if (t.equals(DataTypes.LongType)) {
                g.append(name, row.getLong(i));
            } else if (t.equals(DataTypes.DoubleType)) {
                g.append(name, row.getDouble(i));
            } else if (t.equals(DataTypes.TimestampType)) {
                java.sql.Timestamp ts = row.getTimestamp(i);
                g.append(name, ts.getTime() * 1000 + (ts.getNanos() / 1000) % 1000);
            } else {
                Group list = g.addGroup(name);
                for (Object v : row.getList(i)) {
                    if (v instanceof Integer n) {
                        list.addGroup("list").append("element", n);
                    } else {
                        list.addGroup("list").append("element", (Double) v);
                    }
                }
            }
        }
        return g;
    }
}
