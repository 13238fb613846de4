package org.normsweep.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.normsweep.trial.BiasRemoval;
import org.normsweep.trial.BnImpl;
import org.normsweep.trial.BnVariant;
import org.normsweep.trial.Keyed;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.WeightInit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a sweep file:
 * <pre>
 * name: quickstart
 * fixed:   {model: lenet, dataset: fashion-mnist, batch_size: 128}
 * grid:    {lr: [0.1, 1.0], bn_exclude: [[], [1], [1, 2, 3, 4]], seed: {from: 1, to: 5}, epochs: [2]}
 * </pre>
 * YAML is loaded with SnakeYAML's {@link SafeConstructor} (plain maps, lists and scalars; no arbitrary
 * types). Every problem is reported as {@code FILE: KEY ...found VALUE}; nothing runs on a bad file.
 */
public final class SweepParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final List<String> TOP_LEVEL = List.of("name", "description", "fixed", "grid");

    private final String file;

    private SweepParser(String file) {
        this.file = file;
    }

    public static Sweep parse(Path path) {
        String file = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new SweepFileException(file, "no such file");
        } catch (IOException e) {
            throw new SweepFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        return parse(file, bytes);
    }

    /** Parses sweep text; {@code file} names it in messages. */
    public static Sweep parse(String file, byte[] bytes) {
        return new SweepParser(file).parseBytes(bytes);
    }

    private Sweep parseBytes(byte[] bytes) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (YAMLException e) {
            throw new SweepFileException(file, "not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw error("the file must be a YAML mapping with keys " + TOP_LEVEL + ", found " + describe(root));
        }
        for (Object key : top.keySet()) {
            if (!TOP_LEVEL.contains(String.valueOf(key))) {
                throw error("unknown key '" + key + "' (known: " + String.join(", ", TOP_LEVEL) + ")");
            }
        }
        Object name = top.get("name");
        if (!(name instanceof String n) || !NAME.matcher(n).matches()) {
            throw error("name must be letters, digits, '_', '.' or '-' (at most 100), found " + describe(name));
        }
        Map<Setting, List<Object>> values = new EnumMap<>(Setting.class);
        for (Map.Entry<?, ?> e : section(top, "fixed").entrySet()) {
            Setting setting = setting("fixed", e.getKey());
            values.put(setting, List.of(value(setting, "fixed." + setting.key(), e.getValue())));
        }
        for (Map.Entry<?, ?> e : section(top, "grid").entrySet()) {
            Setting setting = setting("grid", e.getKey());
            if (values.containsKey(setting)) {
                throw error(setting.key() + " is given under both fixed and grid; keep one");
            }
            if (!setting.gridAxis()) {
                throw error("grid." + setting.key() + ": " + setting.key() + " cannot vary within a sweep; move it to fixed");
            }
            values.put(setting, axis(setting, e.getValue()));
        }
        for (Setting s : Setting.values()) {
            if (!values.containsKey(s) && s.defaultValue() != null) {
                values.put(s, List.of(s.defaultValue()));
            }
        }
        return new Sweep((String) name, file, sha256(bytes), values, section(top, "grid").keySet().stream()
                .map(k -> Setting.byKey(String.valueOf(k)).orElseThrow()).collect(java.util.stream.Collectors.toSet()));
    }

    private Map<?, ?> section(Map<?, ?> top, String key) {
        Object section = top.get(key);
        if (section == null) {
            return Map.of();
        }
        if (!(section instanceof Map<?, ?> m)) {
            throw error(key + " must be a mapping of setting: value, found " + describe(section));
        }
        return m;
    }

    private Setting setting(String section, Object key) {
        return Setting.byKey(String.valueOf(key)).orElseThrow(() -> error(section + "." + key
                + " is not a known setting; did you mean '" + Setting.nearestKey(String.valueOf(key)) + "'?"));
    }

    private List<Object> axis(Setting setting, Object raw) {
        String key = "grid." + setting.key();
        List<?> items;
        if (raw instanceof Map<?, ?> range && (setting == Setting.SEED || setting == Setting.EPOCHS)) {
            items = range(key, range);
        } else if (raw instanceof List<?> list) {
            items = list;
        } else {
            throw error(key + " must be a list of values" + (setting == Setting.SEED ? " or {from: A, to: B}" : "")
                    + ", found " + describe(raw));
        }
        if (items.isEmpty()) {
            throw error(key + " is empty: a grid axis needs at least one value");
        }
        List<Object> out = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Object v = value(setting, key + "[" + i + "]", items.get(i));
            if (!seen.add(v)) {
                throw error(key + "[" + i + "] repeats " + v + ": every grid value must differ");
            }
            out.add(v);
        }
        return out;
    }

    private List<Long> range(String key, Map<?, ?> range) {
        if (!range.keySet().equals(Set.of("from", "to"))) {
            throw error(key + " as a range must have exactly the keys from and to, found " + range.keySet());
        }
        long from = whole(key + ".from", range.get("from"));
        long to = whole(key + ".to", range.get("to"));
        if (to < from || to - from >= 100_000) {
            throw error(key + " must satisfy from <= to (and span under 100000), found from " + from + ", to " + to);
        }
        List<Long> values = new ArrayList<>();
        for (long v = from; v <= to; v++) {
            values.add(v);
        }
        return values;
    }

    /** Checks one value of a setting and returns it in its canonical Java type. */
    private Object value(Setting setting, String key, Object raw) {
        return switch (setting) {
            case MODEL -> {
                String s = text(key, raw);
                try {
                    yield ModelKind.fromKey(s).key();
                } catch (IllegalArgumentException e) {
                    throw error(key + ": " + e.getMessage());
                }
            }
            case DATASET, DATASET_PATH -> text(key, raw);
            case ACTIVATION -> Keyed.key(choice(key, raw, org.normsweep.trial.Activation.class));
            case BN_VARIANT -> Keyed.key(choice(key, raw, BnVariant.class));
            case BN_IMPL -> Keyed.key(choice(key, raw, BnImpl.class));
            case LR_SCHEDULE -> Keyed.key(choice(key, raw, org.normsweep.trial.LrSchedule.class));
            case KERNELS -> Keyed.key(choice(key, raw, org.normsweep.trial.Kernels.class));
            case BIAS_REMOVAL -> Keyed.key(choice(key, raw, BiasRemoval.class));
            case WEIGHT_INIT -> Keyed.key(choice(key, raw, WeightInit.class));
            case WEIGHT_DECAY -> number(key, raw, 0, Double.MAX_VALUE, ">= 0");
            case DROPOUT, VALIDATION_SPLIT -> number(key, raw, 0, Math.nextDown(1.0), "in [0, 1)");
            case EARLY_STOPPING_PATIENCE -> (int) atLeast(key, raw, 0);
            case OPTIMIZER -> {
                String s = text(key, raw);
                if (!s.equals("sgd")) {
                    throw error(key + " must be sgd (plain SGD, the seeds' optimizer), found '" + s + "'");
                }
                yield s;
            }
            case TRAIN_LIMIT, TEST_LIMIT -> (int) atLeast(key, raw, 0);
            case BATCH_SIZE, PROBE_SIZE, EPOCHS -> (int) atLeast(key, raw, 1);
            case SEED -> whole(key, raw);
            case LR -> {
                if (!(raw instanceof Number n) || raw instanceof Boolean) {
                    throw error(key + " must be a number, found " + describe(raw));
                }
                double lr = n.doubleValue();
                if (!(lr > 0) || Double.isInfinite(lr)) {
                    throw error(key + " must be > 0, found " + raw);
                }
                yield lr;
            }
            case BN_EXCLUDE -> bnLayers(key, raw);
        };
    }

    private <E extends Enum<E>> E choice(String key, Object raw, Class<E> type) {
        String s = text(key, raw);
        try {
            return Keyed.parse(type, s);
        } catch (IllegalArgumentException e) {
            throw error(key + ": " + e.getMessage());
        }
    }

    private double number(String key, Object raw, double min, double max, String range) {
        if (!(raw instanceof Number n) || raw instanceof Boolean) {
            throw error(key + " must be a number, found " + describe(raw));
        }
        double v = n.doubleValue();
        if (!(v >= min && v <= max)) {
            throw error(key + " must be " + range + ", found " + raw);
        }
        return v;
    }

    private List<Integer> bnLayers(String key, Object raw) {
        if (!(raw instanceof List<?> list)) {
            throw error(key + " must be a list of BN layer numbers such as [] or [1, 3], found " + describe(raw));
        }
        List<Integer> layers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            int layer = (int) atLeast(key + "[" + i + "]", list.get(i), 1);
            if (layers.contains(layer)) {
                throw error(key + " names BN layer " + layer + " twice");
            }
            layers.add(layer);
        }
        return List.copyOf(layers.stream().sorted().toList());
    }

    private long atLeast(String key, Object raw, long min) {
        long v = whole(key, raw);
        if (v < min || v > Integer.MAX_VALUE) {
            throw error(key + " must be " + (min == 0 ? ">= 0" : "> 0") + ", found " + raw);
        }
        return v;
    }

    private long whole(String key, Object raw) {
        if (raw instanceof Integer || raw instanceof Long) {
            return ((Number) raw).longValue();
        }
        throw error(key + " must be a whole number, found " + describe(raw));
    }

    private String text(String key, Object raw) {
        if (!(raw instanceof String s) || s.isBlank()) {
            throw error(key + " must be a non-empty string, found " + describe(raw));
        }
        return s;
    }

    private SweepFileException error(String problem) {
        return new SweepFileException(file, problem);
    }

    private static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return v.getClass().getSimpleName().contains("Map") ? "a mapping " + v : "a list " + v;
        }
        return String.valueOf(v);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
