package org.normsweep.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Row;

/**
 * The interactive side of a report: copies ECharts out of its WebJar and the page's {@code report.js} into the
 * report folder, and writes {@code report-data.js} with every charted section's rows and each configuration's
 * trials, so the page opens from disk with no network (a {@code file:} page may load scripts, not fetch data).
 * Where the scripts cannot run, the page shows the PNGs. Driver-only.
 */
public final class InteractiveCharts {
    /** ECharts, as the page loads it; also the live view's. */
    public static final String ECHARTS_JS = "echarts.min.js";

    static final String DATA_JS = "report-data.js";
    static final String REPORT_JS = "report.js";
    private static final String WEBJAR = "META-INF/resources/webjars/echarts/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

    private InteractiveCharts() {}

    /** Writes the scripts and the data file into {@code out}. */
    static void write(Path out, List<ReportBuilder.Section> sections, Map<String, List<String[]>> trialsByConfig)
            throws IOException {
        copyEcharts(out);
        copyResource("report/" + REPORT_JS, out.resolve(REPORT_JS));
        List<Object> data = new ArrayList<>();
        for (ReportBuilder.Section s : sections) {
            if (s.query().chart() == null || s.rows().isEmpty()) {
                continue;
            }
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("name", s.query().name());
            section.put("title", s.query().title());
            section.put("csv", s.csv().getFileName().toString());
            section.put("chart", s.query().chart().options());
            section.put("columns", s.columns());
            List<Object> rows = new ArrayList<>(s.rows().size());
            for (Row r : s.rows()) {
                Object[] values = new Object[r.size()];
                for (int i = 0; i < r.size(); i++) {
                    values[i] = r.isNullAt(i) ? null : r.get(i);
                }
                rows.add(values);
            }
            section.put("rows", rows);
            data.add(section);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("configs", trialsByConfig);
        all.put("sections", data);
        StringBuilder b = new StringBuilder("window.NORMSWEEP_REPORT = ");
        JsonText.append(b, all);
        Files.writeString(out.resolve(DATA_JS), b.append(";\n"), StandardCharsets.UTF_8);
    }

    /** The page's element for a charted section; {@code report.js} draws into it. */
    static String placeholder(ReportBuilder.Section s) {
        return "<div class=\"ns-chart\" id=\"chart-" + s.query().name() + "\" data-section=\""
                + s.query().name() + "\"></div>\n";
    }

    /** The script tags that end the page. */
    static String scripts() {
        return "<script src=\"" + ECHARTS_JS + "\"></script>\n<script src=\"" + DATA_JS + "\"></script>\n"
                + "<script src=\"" + REPORT_JS + "\"></script>\n";
    }

    /** Copies ECharts' minified build (and its licence) from the WebJar on the classpath into {@code dir}. */
    public static void copyEcharts(Path dir) throws IOException {
        Properties pom = new Properties();
        try (InputStream in = resource(WEBJAR_POM)) {
            pom.load(in);
        }
        String base = WEBJAR + pom.getProperty("version") + "/";
        copyResource(base + "dist/echarts.min.js", dir.resolve(ECHARTS_JS));
        copyResource(base + "LICENSE", dir.resolve("echarts-LICENSE.txt"));
    }

    /** Copies a classpath resource to {@code target}, replacing it. */
    public static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = resource(name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = InteractiveCharts.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource " + name + " (the ECharts WebJar or the report's scripts)");
        }
        return in;
    }
}
