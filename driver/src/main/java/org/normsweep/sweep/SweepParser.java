package org.normsweep.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.normsweep.trial.RawValues;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;

/**
 * Reads a sweep file:
 * <pre>
 * name: quickstart
 * fixed:   {model: lenet, dataset: fashion-mnist, batch_size: 128}
 * grid:    {lr: [0.1, 1.0], bn_exclude: [[], [1], [1, 2, 3, 4]], seed: {from: 1, to: 5}, epochs: [2]}
 * </pre>
 * YAML is loaded by {@code SweepYaml} (plain maps, lists and scalars; no arbitrary types; duplicate keys, merge
 * keys, tags, more than one document and YAML 1.1's surprising scalars refused with their lines). Each value is
 * read and checked by its {@link Setting} ({@link TrialSpec#SETTINGS}). Every problem is reported as
 * {@code FILE: KEY ...found VALUE}; nothing runs on a bad file.
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
        Object root = SweepYaml.load(file, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
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
        Map<Setting<?>, List<Object>> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : section(top, "fixed").entrySet()) {
            Setting<?> setting = setting("fixed", e.getKey());
            values.put(setting, List.of(value(setting, "fixed." + setting.key(), e.getValue())));
        }
        for (Map.Entry<?, ?> e : section(top, "grid").entrySet()) {
            Setting<?> setting = setting("grid", e.getKey());
            if (values.containsKey(setting)) {
                throw error(setting.key() + " is given under both fixed and grid; keep one");
            }
            if (!setting.gridAxis()) {
                throw error("grid." + setting.key() + ": " + setting.key()
                        + " cannot vary within a sweep; move it to fixed");
            }
            values.put(setting, axis(setting, e.getValue()));
        }
        for (Setting<?> s : TrialSpec.SETTINGS) {
            if (!values.containsKey(s) && s.defaultValue() != null) {
                values.put(s, List.of(s.defaultValue()));
            }
        }
        return new Sweep(
                (String) name,
                file,
                sha256(bytes),
                values,
                section(top, "grid").keySet().stream()
                        .map(k -> byKey(String.valueOf(k)).orElseThrow())
                        .collect(java.util.stream.Collectors.toSet()));
    }

    private Map<?, ?> section(Map<?, ?> top, String key) {
        Object section = top.get(key);
        if (section == null && top.containsKey(key)) {
            throw error(key + " is empty (nothing after '" + key + ":'); give its settings or remove the key");
        }
        if (section == null) {
            return Map.of();
        }
        if (!(section instanceof Map<?, ?> m)) {
            throw error(key + " must be a mapping of setting: value, found " + describe(section));
        }
        return m;
    }

    private Setting<?> setting(String section, Object key) {
        return byKey(String.valueOf(key))
                .orElseThrow(() -> error(section + "." + key + " is not a known setting; did you mean '"
                        + nearestKey(String.valueOf(key)) + "'?"));
    }

    static Optional<Setting<?>> byKey(String key) {
        return TrialSpec.SETTINGS.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    private List<Object> axis(Setting<?> setting, Object raw) {
        String key = "grid." + setting.key();
        List<?> items;
        if (raw instanceof Map<?, ?> range && setting.ranges()) {
            items = range(key, range);
        } else if (raw instanceof List<?> list) {
            items = list;
        } else {
            throw error(key + " must be a list of values" + (setting.ranges() ? " or {from: A, to: B}" : "")
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
                throw error(key + "[" + i + "] repeats " + setting.text(v) + ": every grid value must differ");
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

    /** Checks one value of a setting and returns it in its Java type. */
    private Object value(Setting<?> setting, String key, Object raw) {
        try {
            return setting.parse(key, raw);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private long whole(String key, Object raw) {
        try {
            return RawValues.whole(key, raw);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** The known key closest to {@code unknown} by edit distance (to it or one of its aliases), for hints. */
    static String nearestKey(String unknown) {
        String probe = unknown.toLowerCase(Locale.ROOT);
        Setting<?> best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (boolean aliases : new boolean[] {false, true}) {
            for (Setting<?> s : TrialSpec.SETTINGS) {
                for (String name : aliases ? s.aliases() : List.of(s.key())) {
                    int d = editDistance(probe, name);
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = s;
                    }
                }
            }
        }
        return best.key();
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private SweepFileException error(String problem) {
        return new SweepFileException(file, problem);
    }

    private static String describe(Object v) {
        return RawValues.describe(v);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
