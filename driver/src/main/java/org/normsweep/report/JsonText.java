package org.normsweep.report;

import java.util.Collection;
import java.util.Map;

/**
 * Writes values as JSON text for the pages' data files: strings, numbers (NaN and infinities as null, which JSON
 * lacks), booleans, null, collections, arrays, Scala sequences and string-keyed maps.
 */
public final class JsonText {
    private JsonText() {}

    /** {@code value} as JSON text. */
    public static String of(Object value) {
        StringBuilder b = new StringBuilder();
        append(b, value);
        return b.toString();
    }

    /** Appends {@code value} as JSON text. */
    public static void append(StringBuilder b, Object value) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            b.append(Double.isFinite(d) ? numberText(d) : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            b.append(value);
        } else if (value instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(first ? "" : ",");
                string(b, String.valueOf(e.getKey()));
                b.append(':');
                append(b, e.getValue());
                first = false;
            }
            b.append('}');
        } else if (value instanceof Collection<?> list) {
            array(b, list.toArray());
        } else if (value instanceof Object[] array) {
            array(b, array);
        } else if (value instanceof double[] array) {
            array(b, java.util.Arrays.stream(array).boxed().toArray());
        } else if (value instanceof scala.collection.Seq<?> seq) {
            array(b, scala.jdk.javaapi.CollectionConverters.asJava(seq).toArray());
        } else {
            string(b, String.valueOf(value));
        }
    }

    private static String numberText(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static void array(StringBuilder b, Object[] values) {
        b.append('[');
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",");
            append(b, values[i]);
        }
        b.append(']');
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                    // "</script>" inside a string would end the script element of a page that inlines the data.
                case '/' -> b.append("\\/");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
