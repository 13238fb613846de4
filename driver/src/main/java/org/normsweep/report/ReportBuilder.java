package org.normsweep.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.StringEscapeUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.normsweep.results.ReadOnlySql;

/**
 * Runs each report query over the registered views (queries only: {@link ReadOnlySql} refuses anything else before
 * any runs) and writes {@code NAME.csv}, {@code NAME.png} (when the
 * query has a line or bar chart and rows) and {@code index.html} into the output directory, whose charts
 * {@link InteractiveCharts} makes interactive. Driver-only.
 */
public final class ReportBuilder {
    /** Rows shown in the HTML per table; the CSV holds them all. */
    private static final int HTML_ROWS = 40;
    /** Tables longer than this fold away behind a summary line (those under a chart always do). */
    private static final int FOLD_ROWS = 12;

    private final SparkSession spark;
    private final Map<String, String> parameters;
    private final PrintStream progress;

    public ReportBuilder(SparkSession spark, Map<String, String> parameters, PrintStream progress) {
        this.spark = spark;
        this.parameters = parameters;
        this.progress = progress;
    }

    /** What one query produced, for the page and for tests. */
    public record Section(ReportQuery query, String sql, List<String> columns, List<Row> rows, Path csv, Path png) {}

    /** Builds the report; {@code heading} names what it covers. Returns the sections, empty ones included. */
    public List<Section> build(List<ReportQuery> queries, Path out, String heading) throws IOException {
        // Every query is checked to be read-only before any is analysed: Spark runs a command as it analyses it.
        for (ReportQuery template : queries) {
            ReportQuery q = template.with(parameters);
            try {
                ReadOnlySql.check(spark, q.sql());
            } catch (Exception e) {
                throw new IllegalArgumentException(q.name() + ".sql: " + e.getMessage(), e);
            }
        }
        ConfigsView.register(spark);
        // Every query is parsed and analysed (not run) first, so a bad one stops the report before any work.
        List<Dataset<Row>> results = new ArrayList<>();
        for (ReportQuery template : queries) {
            ReportQuery q = template.with(parameters);
            try {
                results.add(spark.sql(q.sql()));
            } catch (Exception e) {
                throw new IllegalArgumentException(q.name() + ".sql: " + e.getMessage(), e);
            }
        }
        Files.createDirectories(out);
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            ReportQuery q = queries.get(i).with(parameters);
            String sql = q.sql();
            Dataset<Row> result = results.get(i);
            List<String> columns = Arrays.asList(result.columns());
            List<Row> rows = result.collectAsList();
            Path csv = out.resolve(q.name() + ".csv");
            writeCsv(csv, columns, rows);
            Path png = null;
            if (q.chart() != null && q.chart().hasPng() && !rows.isEmpty()) {
                png = out.resolve(q.name() + ".png");
                Charts.write(q, columns, rows, png);
            }
            progress.printf("normsweep: report %s: %d rows%s%n", q.name(), rows.size(), png == null ? "" : ", chart");
            sections.add(new Section(q, sql, columns, rows, csv, png));
        }
        InteractiveCharts.write(out, sections, ConfigsView.trialsByConfig(spark));
        Files.writeString(out.resolve("index.html"), html(heading, sections), StandardCharsets.UTF_8);
        return sections;
    }

    private static void writeCsv(Path file, List<String> columns, List<Row> rows) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(String.join(
                        ",", columns.stream().map(StringEscapeUtils::escapeCsv).toList()))
                .append('\n');
        for (Row r : rows) {
            for (int i = 0; i < r.size(); i++) {
                b.append(i == 0 ? "" : ",").append(StringEscapeUtils.escapeCsv(cell(r, i)));
            }
            b.append('\n');
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private static String cell(Row r, int i) {
        if (r.isNullAt(i)) {
            return "";
        }
        Object v = r.get(i);
        if (v instanceof scala.collection.Seq<?>) {
            return r.getList(i).toString();
        }
        return String.valueOf(v);
    }

    private static String html(String heading, List<Section> sections) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(esc(heading))
                .append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px}")
                .append("th{background:#f3f3f3}pre{background:#f7f7f7;padding:8px;overflow-x:auto;font-size:12px}")
                .append("img{max-width:100%;border:1px solid #ddd}.empty{color:#888}")
                .append(".ns-chart{width:100%;height:480px;display:none}.ns-chart.ns-drawn{display:block}")
                .append(".ns-controls{margin:4px 0;font-size:13px}.ns-note{font-size:13px;color:#555}")
                .append("summary{cursor:pointer;color:#246}")
                .append("</style></head><body>\n<h1>")
                .append(esc(heading))
                .append("</h1>\n<p>Generated ")
                .append(Instant.now())
                .append(" by Normsweep. Each section shows the Spark SQL that produced it; ")
                .append("the full results are in the linked CSV files. Charts: hover for the trials, drag or scroll")
                .append(
                        " to zoom, click a legend entry to hide it; where scripts cannot run, the PNGs show.</p>\n<ul>");
        for (Section s : sections) {
            b.append("<li><a href=\"#")
                    .append(s.query().name())
                    .append("\">")
                    .append(esc(s.query().title()))
                    .append("</a>")
                    .append(s.rows().isEmpty() ? " (no rows)" : "")
                    .append("</li>");
        }
        b.append("</ul>\n");
        for (Section s : sections) {
            b.append("<h2 id=\"")
                    .append(s.query().name())
                    .append("\">")
                    .append(esc(s.query().title()))
                    .append("</h2>\n");
            b.append("<p>").append(esc(s.query().description())).append("</p>\n");
            if (s.rows().isEmpty()) {
                b.append("<p class=\"empty\">No rows: these results hold nothing for this question.</p>\n");
            } else {
                if (s.query().chart() != null) {
                    b.append(InteractiveCharts.placeholder(s));
                }
                if (s.png() != null) {
                    // Open until report.js has drawn the interactive chart: the PNG is the page without scripts.
                    b.append("<details class=\"ns-png\" data-for=\"")
                            .append(s.query().name())
                            .append("\" open><summary>Static image (PNG)</summary><img src=\"")
                            .append(s.png().getFileName())
                            .append("\" alt=\"")
                            .append(esc(s.query().title()))
                            .append("\"></details>\n");
                }
                boolean fold = s.query().chart() != null || s.rows().size() > FOLD_ROWS;
                if (fold) {
                    b.append("<details class=\"ns-table\"><summary>Table (")
                            .append(s.rows().size())
                            .append(s.rows().size() == 1 ? " row" : " rows")
                            .append(")</summary>\n");
                }
                table(b, s);
                if (fold) {
                    b.append("</details>\n");
                }
            }
            b.append("<p><a href=\"")
                    .append(s.csv().getFileName())
                    .append("\">")
                    .append(s.csv().getFileName())
                    .append("</a></p>\n<details><summary>SQL</summary><pre>")
                    .append(esc(s.sql()))
                    .append("</pre></details>\n");
        }
        return b.append(InteractiveCharts.scripts()).append("</body></html>\n").toString();
    }

    private static void table(StringBuilder b, Section s) {
        b.append("<table><tr>");
        s.columns().forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
        b.append("</tr>\n");
        for (Row r : s.rows().subList(0, Math.min(HTML_ROWS, s.rows().size()))) {
            b.append("<tr>");
            for (int i = 0; i < r.size(); i++) {
                b.append("<td>").append(esc(cell(r, i))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        if (s.rows().size() > HTML_ROWS) {
            b.append("<p class=\"empty\">")
                    .append(HTML_ROWS)
                    .append(" of ")
                    .append(s.rows().size())
                    .append(" rows shown.</p>\n");
        }
    }

    private static String esc(String s) {
        return StringEscapeUtils.escapeHtml4(s);
    }
}
