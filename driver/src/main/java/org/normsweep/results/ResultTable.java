package org.normsweep.results;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.normsweep.result.TrialResult;

/**
 * One result table: its name, its columns (each a name, a Spark SQL type and the value it takes from a row's
 * source, declared together, so a value cannot land in another column), whether its rows belong to a trial, and its
 * schema version with the column renames that made it ({@link #renamed}): every file records the version it was
 * written at, and the views read an older file's column under its new name. The tables are {@link ResultTables#ALL}.
 * Driver-only.
 */
public final class ResultTable {
    /** What a row is made from: the run, the trial's result (null for rows not of a trial) and the row's item. */
    public record Source(ResultTables.RunContext run, TrialResult result, Object item) {}

    /** A column and how its value is read from a row's source. */
    public record Column(String name, String type, Function<Source, Object> value) {
        public static Column of(String name, String type, Function<Source, Object> value) {
            return new Column(name, type, value);
        }
    }

    private final String name;
    private final List<Column> columns;
    private final StructType schema;
    private final boolean perTrial;
    private final Function<TrialResult, List<?>> items;
    private final List<Rename> renames;

    /**
     * Column {@code from} became {@code to} at schema version {@code version} (2 or more): files written at an earlier
     * version hold the values of column {@code to} under the name {@code from}.
     */
    public record Rename(int version, String from, String to) {}

    private ResultTable(String name, List<Column> columns, boolean perTrial, Function<TrialResult, List<?>> items) {
        this(name, columns, perTrial, items, List.of());
    }

    private ResultTable(
            String name,
            List<Column> columns,
            boolean perTrial,
            Function<TrialResult, List<?>> items,
            List<Rename> renames) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.perTrial = perTrial;
        this.items = items;
        this.renames = List.copyOf(renames);
        List<StructField> fields = new ArrayList<>();
        for (Column c : columns) {
            fields.add(DataTypes.createStructField(c.name(), DataType.fromDDL(c.type()), true));
        }
        this.schema = DataTypes.createStructType(fields);
    }

    /** A table of a trial's rows: one per item {@code items} gives, each a row of {@code columns}. */
    static ResultTable ofTrial(String name, Function<TrialResult, List<?>> items, List<Column> columns) {
        return new ResultTable(name, columns, true, items);
    }

    /** A table whose rows are not a trial's (they are written by other means, e.g. once per run). */
    static ResultTable ofRun(String name, List<Column> columns) {
        return new ResultTable(name, columns, false, r -> List.of());
    }

    /**
     * This table with column {@code from} renamed to {@code to} at schema version {@code version}, which must be above
     * every earlier rename's (the version then becomes it); {@code to} must be one of the columns.
     */
    ResultTable renamed(int version, String from, String to) {
        if (version <= version()) {
            throw new IllegalArgumentException(
                    name + ": a rename needs a version above " + version() + ", not " + version);
        }
        if (!Arrays.asList(schema.fieldNames()).contains(to)) {
            throw new IllegalArgumentException(name + ": renamed column " + to + " is not one of its columns");
        }
        List<Rename> more = new ArrayList<>(renames);
        more.add(new Rename(version, from, to));
        return new ResultTable(name, columns, perTrial, items, more);
    }

    /** The schema version new files are written at: 1, or the latest rename's. */
    public int version() {
        return renames.isEmpty() ? 1 : renames.get(renames.size() - 1).version();
    }

    public List<Rename> renames() {
        return renames;
    }

    /** The name column {@code column} (a current name) had in files written at schema version {@code fileVersion}. */
    public String nameAt(String column, int fileVersion) {
        String n = column;
        for (int i = renames.size() - 1; i >= 0; i--) {
            Rename r = renames.get(i);
            if (fileVersion < r.version() && n.equals(r.to())) {
                n = r.from();
            }
        }
        return n;
    }

    /** The schema files written at {@code fileVersion} have: the current one with each column under its name then. */
    public StructType schemaAt(int fileVersion) {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : schema.fields()) {
            fields.add(DataTypes.createStructField(nameAt(f.name(), fileVersion), f.dataType(), true));
        }
        return DataTypes.createStructType(fields);
    }

    public String name() {
        return name;
    }

    public StructType schema() {
        return schema;
    }

    /** Whether a trial's result makes this table's rows (and its view shows the rows of each trial's chosen attempt). */
    public boolean perTrial() {
        return perTrial;
    }

    /** The rows {@code r} adds to this table (none for a table that is not a trial's). */
    public List<Row> rows(ResultTables.RunContext run, TrialResult r) {
        return rowsOf(run, r, items.apply(r));
    }

    /** A row per item, each column's value read from (run, r, item). */
    public List<Row> rowsOf(ResultTables.RunContext run, TrialResult r, List<?> rowItems) {
        List<Row> rows = new ArrayList<>(rowItems.size());
        for (Object item : rowItems) {
            Source source = new Source(run, r, item);
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = columns.get(i).value().apply(source);
            }
            rows.add(RowFactory.create(values));
        }
        return rows;
    }

    /** The columns {@code run_id, trial_id} every table of a trial starts with. */
    static List<Column> ids() {
        return List.of(
                Column.of("run_id", "string", s -> s.run().runId()),
                Column.of("trial_id", "string", s -> s.result().spec().id()));
    }

    /**
     * A column per component of record {@code type}, named as the component in snake case ({@code meanAbsGrad} is
     * {@code mean_abs_grad}), typed from the component's type, its value the item's component.
     */
    static List<Column> componentsOf(Class<? extends Record> type) {
        List<Column> out = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            out.add(component(c, (s, item) -> invoke(c, item)));
        }
        return out;
    }

    /** As {@link #componentsOf(Class)}, of a record the item holds (e.g. a trial result's provenance). */
    static List<Column> componentsOf(Class<? extends Record> type, Function<Source, Object> record) {
        List<Column> out = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            out.add(component(c, (s, item) -> invoke(c, record.apply(s))));
        }
        return out;
    }

    private static Column component(RecordComponent c, BiFunction<Source, Object, Object> read) {
        String type = sqlType(c);
        return Column.of(snake(c.getName()), type, s -> toSpark(read.apply(s, s.item())));
    }

    /** Spark's form of a value: arrays and lists as Scala sequences. */
    static Object toSpark(Object v) {
        if (v instanceof double[] a) {
            return scalaSeq(Arrays.stream(a).boxed().toList());
        }
        if (v instanceof List<?> list) {
            return scalaSeq(list);
        }
        return v;
    }

    private static Object scalaSeq(List<?> values) {
        return scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq();
    }

    private static Object invoke(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + record, e);
        }
    }

    private static String sqlType(RecordComponent c) {
        Class<?> t = c.getType();
        if (t == int.class || t == Integer.class) {
            return "int";
        } else if (t == long.class || t == Long.class) {
            return "long";
        } else if (t == double.class || t == Double.class) {
            return "double";
        } else if (t == String.class) {
            return "string";
        } else if (t == double[].class) {
            return "array<double>";
        } else if (t == List.class
                && c.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] == Integer.class) {
            return "array<int>";
        }
        throw new IllegalArgumentException("no column type for " + c.getName() + " of type " + c.getGenericType());
    }

    static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return name;
    }
}
