package org.normsweep.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One query of the report: a {@code .sql} file whose leading {@code -- key: value} comments say what it is
 * and how to draw it. Keys: {@code title}, {@code description}, {@code chart} ({@code line}, {@code bar},
 * {@code heatmap} or {@code parallel}) and the chart's columns: {@code x}, {@code y}, {@code series} for a line or
 * bar chart (optional {@code select}: a column whose values a selector switches between; {@code error}: a column
 * drawn as error bars of ± its value around y, none where it is null; {@code yscale: log}; for a line chart
 * {@code xscale: log} and {@code dashed}: a suffix, series whose name ends with it are dashed; {@code ylabel}: the
 * y axis title, else the y column);
 * {@code x}, {@code y}, {@code values} (value columns, a selector switches) for a heatmap; {@code id} and
 * {@code color} for parallel coordinates, whose axes are the other columns but those in {@code hide}, the last
 * one the outcome. {@code ${name}} in the text is a report parameter.
 *
 * @param name  file name without {@code .sql}, used for the CSV and PNG files
 * @param chart null when the query is a table only
 */
public record ReportQuery(String name, String title, String description, ChartSpec chart, String sql) {

    /**
     * How to draw a query's rows: one line (or bar group) per {@code series} value, {@code y} against {@code x}; or
     * a heatmap, or parallel coordinates. {@code options} holds every header key (the columns above and the rest).
     */
    public record ChartSpec(String type, String x, String y, String series, Map<String, String> options) {
        /** Header keys each chart type needs. */
        static final Map<String, List<String>> REQUIRED = Map.of(
                "line", List.of("x", "y", "series"),
                "bar", List.of("x", "y", "series"),
                "heatmap", List.of("x", "y", "values"),
                "parallel", List.of("id", "color"));

        public ChartSpec {
            if (!REQUIRED.containsKey(type)) {
                throw new IllegalArgumentException("chart must be line, bar, heatmap or parallel, found " + type);
            }
            options = Map.copyOf(options);
        }

        /** Whether XChart draws it as a PNG too (line and bar charts; for the docs and for mail). */
        public boolean hasPng() {
            return type.equals("line") || type.equals("bar");
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
            for (String key : ChartSpec.REQUIRED.getOrDefault(header.get("chart"), List.of())) {
                if (!header.containsKey(key)) {
                    throw new IllegalArgumentException(source + ": a chart needs a '-- " + key + ": COLUMN' line");
                }
            }
            try {
                Map<String, String> options = new LinkedHashMap<>(header);
                options.remove("title");
                options.remove("description");
                chart = new ChartSpec(
                        header.get("chart"), header.get("x"), header.get("y"), header.get("series"), options);
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
