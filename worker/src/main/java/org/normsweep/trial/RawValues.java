package org.normsweep.trial;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one setting's value as a sweep file gives it (YAML scalars and lists: String, Integer, Long, Double,
 * Boolean, List) into its Java type. Every problem is an {@link IllegalArgumentException} whose message starts
 * with {@code where}, the value's place in the file ({@code grid.lr[2]}), and ends with the value found.
 */
public final class RawValues {
    private RawValues() {}

    /** A non-blank string. */
    static String text(String where, Object raw) {
        if (!(raw instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(where + " must be a non-empty string, found " + describe(raw));
        }
        return s;
    }

    /** Any finite number (not a boolean; {@code 1e400} is too large for a double). */
    static double number(String where, Object raw) {
        if (!(raw instanceof Number n) || raw instanceof Boolean) {
            throw new IllegalArgumentException(where + " must be a number, found " + describe(raw));
        }
        if (!Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException(where + " must be a finite number, found " + describe(raw));
        }
        return n.doubleValue();
    }

    /** A whole number (YAML int). */
    public static long whole(String where, Object raw) {
        if (raw instanceof Integer || raw instanceof Long) {
            return ((Number) raw).longValue();
        }
        throw new IllegalArgumentException(where + " must be a whole number, found " + describe(raw));
    }

    /** A whole number in [min, Integer.MAX_VALUE]; {@code min} is 0 or 1. */
    static int count(String where, Object raw, int min) {
        long v = whole(where, raw);
        if (v < min || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + " must be " + atLeast(min) + ", found " + raw);
        }
        return (int) v;
    }

    static String atLeast(int min) {
        return min == 0 ? ">= 0" : "> 0";
    }

    /** The constant of {@code type} named {@code raw} ({@link Keyed}); the error lists the known names. */
    static <E extends Enum<E>> E choice(Class<E> type, String where, Object raw) {
        String s = text(where, raw);
        try {
            return Keyed.parse(type, s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** A model by its key. */
    static ModelKind model(String where, Object raw) {
        String s = text(where, raw);
        try {
            return ModelKind.fromKey(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** A list of distinct BN layer numbers (each &gt; 0), sorted. */
    static List<Integer> bnLayers(String where, Object raw) {
        if (!(raw instanceof List<?> list)) {
            throw new IllegalArgumentException(
                    where + " must be a list of BN layer numbers such as [] or [1, 3], found " + describe(raw));
        }
        List<Integer> layers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            int layer = count(where + "[" + i + "]", list.get(i), 1);
            if (layers.contains(layer)) {
                throw new IllegalArgumentException(where + " names BN layer " + layer + " twice");
            }
            layers.add(layer);
        }
        return List.copyOf(layers.stream().sorted().toList());
    }

    /** A value as a message shows it: {@code 'text'}, {@code a list [..]}, {@code nothing}. */
    public static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping " + v;
        }
        if (v instanceof List<?>) {
            return "a list " + v;
        }
        return String.valueOf(v);
    }
}
