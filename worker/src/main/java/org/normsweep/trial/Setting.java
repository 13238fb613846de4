package org.normsweep.trial;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One setting of a trial: everything the code knows about it, declared once (the entries are
 * {@link TrialSpec#SETTINGS}). Its sweep-file key, default, whether it may be a grid axis, how a sweep-file value
 * is read and checked, how it enters the trial id, its column in the {@code trials} table, whether it labels a
 * configuration in reports, and its line in the README's settings table. Driver and record both read it.
 *
 * @param <T> the value's Java type (the {@link TrialSpec} component's type)
 */
public final class Setting<T> {
    /** Reads a sweep-file value ({@link RawValues}); {@code where} names its place in the file. */
    @FunctionalInterface
    interface Reader<T> {
        T read(String where, Object raw);
    }

    /** A rule a value must follow: {@code ok} and the words after "must be" when it does not. */
    record Rule<T>(java.util.function.Predicate<T> ok, String mustBe) {
        static <T> Rule<T> none() {
            return new Rule<>(v -> true, "");
        }
    }

    private final String key;
    private final Class<?> type;
    private final Reader<T> reader;
    private final Function<TrialSpec, T> getter;
    private final T defaultValue;
    private final String columnType;
    private Rule<T> rule = Rule.none();
    private Function<T, String> text = String::valueOf;
    private Function<T, String> idText;
    private Function<T, Object> columnValue = v -> v;
    private String component;
    private String idName;
    private boolean inIdAtDefault = true;
    private boolean gridAxis = true;
    private boolean ranges;
    private boolean hasColumn = true;
    private boolean labelsConfig = true;
    private String columnName;
    private List<String> aliases = List.of();
    private String readmeDefault;
    private String readme = "";

    private Setting(
            String key,
            Class<?> type,
            Reader<T> reader,
            Function<TrialSpec, T> getter,
            T defaultValue,
            String columnType) {
        this.key = key;
        this.type = type;
        this.reader = reader;
        this.getter = getter;
        this.defaultValue = defaultValue;
        this.columnType = columnType;
        this.component = camel(key);
        this.idName = key;
        this.columnName = key;
    }

    static <E extends Enum<E>> Setting<E> choice(String key, Class<E> type, Function<TrialSpec, E> getter, E dflt) {
        return new Setting<E>(key, type, (w, raw) -> RawValues.choice(type, w, raw), getter, dflt, "string")
                .text(Keyed::key)
                .columnValue(Keyed::key);
    }

    static Setting<Integer> count(String key, int min, Function<TrialSpec, Integer> getter, int dflt) {
        return new Setting<>(key, Integer.class, (w, raw) -> RawValues.count(w, raw, min), getter, dflt, "int")
                .rule(v -> v >= min, RawValues.atLeast(min));
    }

    static Setting<Double> number(
            String key,
            java.util.function.Predicate<Double> ok,
            String mustBe,
            Function<TrialSpec, Double> getter,
            double dflt) {
        return new Setting<>(key, Double.class, RawValues::number, getter, dflt, "double").rule(ok, mustBe);
    }

    static Setting<Long> whole(String key, Function<TrialSpec, Long> getter, long dflt) {
        return new Setting<>(key, Long.class, RawValues::whole, getter, dflt, "long");
    }

    static Setting<String> text(String key, Function<TrialSpec, String> getter, String dflt) {
        return new Setting<>(key, String.class, RawValues::text, getter, dflt, "string");
    }

    static <V> Setting<V> of(
            String key, Class<?> type, Reader<V> reader, Function<TrialSpec, V> getter, V dflt, String columnType) {
        return new Setting<>(key, type, reader, getter, dflt, columnType);
    }

    // Declaration helpers, used only while TrialSpec's entries are built.
    Setting<T> rule(java.util.function.Predicate<T> ok, String mustBe) {
        rule = new Rule<>(ok, mustBe);
        return this;
    }

    Setting<T> text(Function<T, String> f) {
        text = f;
        return this;
    }

    Setting<T> idText(Function<T, String> f) {
        idText = f;
        return this;
    }

    Setting<T> columnValue(Function<T, Object> f) {
        columnValue = f;
        return this;
    }

    Setting<T> component(String name) {
        component = name;
        return this;
    }

    Setting<T> idName(String name) {
        idName = name;
        return this;
    }

    Setting<T> notInId() {
        idName = null;
        return this;
    }
    /** A setting added after id schema v3: it joins the id only when not at its default, so older ids stay. */
    Setting<T> inIdOnlyWhenSet() {
        inIdAtDefault = false;
        return this;
    }

    Setting<T> fixedOnly() {
        gridAxis = false;
        return this;
    }

    Setting<T> allowRanges() {
        ranges = true;
        return this;
    }

    Setting<T> column(String name) {
        columnName = name;
        return this;
    }

    Setting<T> noColumn() {
        hasColumn = false;
        labelsConfig = false;
        return this;
    }

    Setting<T> notALabel() {
        labelsConfig = false;
        return this;
    }

    Setting<T> aliases(String... names) {
        aliases = List.of(names);
        return this;
    }

    Setting<T> readme(String defaultText, String meaning) {
        readmeDefault = defaultText;
        readme = meaning;
        return this;
    }

    Setting<T> readme(String meaning) {
        readme = meaning;
        return this;
    }

    /** The sweep-file key, e.g. {@code lr}. */
    public String key() {
        return key;
    }

    /** The {@link TrialSpec} component holding the value ({@code dataset} for the dataset's parts). */
    public String component() {
        return component;
    }

    Class<?> type() {
        return type;
    }

    /** The value a trial gets when a sweep does not give one (null: none, or decided elsewhere). */
    public T defaultValue() {
        return defaultValue;
    }

    /** Whether it may be a grid axis (else only fixed). */
    public boolean gridAxis() {
        return gridAxis;
    }

    /** Whether a grid axis may be given as {@code {from: A, to: B}}. */
    public boolean ranges() {
        return ranges;
    }

    /** Other names people use for it, for "did you mean". */
    public List<String> aliases() {
        return aliases;
    }

    /** Reads and checks a sweep-file value at {@code where}; the message names {@code where} and the value. */
    public T parse(String where, Object raw) {
        T value = reader.read(where, raw);
        check(where, value, raw);
        return value;
    }

    /** Checks a value against this setting's rule (as the builder does). */
    void check(String where, T value, Object shown) {
        if (value != null && !rule.ok().test(value)) {
            throw new IllegalArgumentException(
                    where + " must be " + rule.mustBe() + ", found " + RawValues.describe(shown));
        }
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
        if (value != null && !type.isInstance(value)) {
            throw new IllegalArgumentException(key + " takes a " + type.getSimpleName() + ", found " + value);
        }
        return (T) value;
    }

    /** This setting's value in {@code trial}. */
    public T get(TrialSpec trial) {
        return getter.apply(trial);
    }

    /** A value as a sweep file writes it (and {@code plan} shows it). */
    public String text(Object value) {
        return value == null ? "null" : text.apply(cast(value));
    }

    /** This setting in {@code trial}, as a sweep file writes it. */
    public String textIn(TrialSpec trial) {
        return text(get(trial));
    }

    /** {@code name=value} in the trial id's canonical text; null when it is not part of the id here. */
    String idPart(TrialSpec trial) {
        T v = get(trial);
        if (idName == null || (!inIdAtDefault && Objects.equals(v, defaultValue))) {
            return null;
        }
        return idName + "=" + (idText != null ? idText : text).apply(v);
    }

    /** The {@code trials} column (null: none). */
    public String column() {
        return hasColumn ? columnName : null;
    }

    /** The column's Spark SQL type, e.g. {@code double}, {@code array<int>}. */
    public String columnType() {
        return columnType;
    }

    /** The column's value for {@code trial}: a String, Integer, Long, Double or List of Integer. */
    public Object columnValue(TrialSpec trial) {
        return columnValue.apply(get(trial));
    }

    /** Whether the report's configuration labels (and pairing keys) include it. */
    public boolean labelsConfig() {
        return labelsConfig;
    }

    /**
     * The SQL that reads its column from rows of any age: rows written before the setting existed hold null,
     * which means its default.
     */
    public String columnSql() {
        if (inIdAtDefault || defaultValue == null) {
            return column();
        }
        Object d = columnValue.apply(defaultValue);
        String literal = d instanceof String s ? "'" + s + "'" : String.valueOf(d);
        return "coalesce(" + column() + ", " + literal + ")";
    }

    /** The README's table row: key, grid?, default, meaning. */
    public String readmeRow() {
        String dflt = readmeDefault != null ? readmeDefault : "`" + text(defaultValue) + "`";
        return "| `" + key + "` | " + (gridAxis ? "yes" : "no") + " | " + dflt + " | " + readme + " |";
    }

    /** The README's settings table, one row per setting. */
    public static String readmeTable(List<Setting<?>> settings) {
        return "| setting | grid? | default | meaning |\n| --- | --- | --- | --- |\n"
                + settings.stream().map(Setting::readmeRow).collect(Collectors.joining("\n")) + "\n";
    }

    @Override
    public String toString() {
        return key;
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }
}
