package org.normsweep.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One query of the report: a {@code .sql} file whose leading {@code -- key: value} comments say what it is
 * and how to draw it. Keys: {@code title}, {@code description}, {@code chart} ({@code line} or {@code bar}),
 * {@code x}, {@code y}, {@code series} (result columns). {@code ${name}} in the text is a report parameter.
 *
 * @param name  file name without {@code .sql}, used for the CSV and PNG files
 * @param chart null when the query is a table only
 */
public record ReportQuery(String name, String title, String description, ChartSpec chart, String sql) {

    /** How to draw a query's rows: one line (or bar group) per {@code series} value, {@code y} against {@code x}. */
    public record ChartSpec(String type, String x, String y, String series) {
        public ChartSpec {
            if (!type.equals("line") && !type.equals("bar")) {
                throw new IllegalArgumentException("chart must be line or bar, found " + type);
            }
        }
    }

    /** Parses a query file's text; {@code source} names it in errors. */
    public static ReportQuery parse(String name, String source, String text) {
        Map<String, String> header = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("--")) {
                break;
            }
            int colon = l.indexOf(':');
            if (colon > 2) {
                header.putIfAbsent(
                        l.substring(2, colon).strip().toLowerCase(),
                        l.substring(colon + 1).strip());
            }
        }
        ChartSpec chart = null;
        if (header.containsKey("chart")) {
            for (String key : new String[] {"x", "y", "series"}) {
                if (!header.containsKey(key)) {
                    throw new IllegalArgumentException(source + ": a chart needs a '-- " + key + ": COLUMN' line");
                }
            }
            try {
                chart = new ChartSpec(header.get("chart"), header.get("x"), header.get("y"), header.get("series"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
            }
        }
        return new ReportQuery(
                name, header.getOrDefault("title", name), header.getOrDefault("description", ""), chart, text);
    }

    /** This query with {@code ${name}} parameters replaced in its title, description and text. */
    public ReportQuery with(Map<String, String> parameters) {
        return new ReportQuery(
                name, fill(title, parameters), fill(description, parameters), chart, fill(sql, parameters));
    }

    private static String fill(String text, Map<String, String> parameters) {
        String out = text;
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            out = out.replace("${" + p.getKey() + "}", p.getValue());
        }
        return out;
    }
}
