package org.normsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.report.ReportQueries;
import org.normsweep.report.ReportQuery;
import org.normsweep.testing.Browser;
import org.normsweep.testing.Cli;
import org.normsweep.testing.SyntheticIdx;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * A tiny real sweep watched in headless Chromium through its live page while it runs, then its report opened from
 * disk: every chart drawn with the series and points of its CSV, no console errors, hover names the trials, the
 * parallel-coordinates brush keeps the trials inside it. Screenshots go to target/screenshots (the README's).
 */
class BrowserTest {
    @TempDir
    static Path dir;

    static Browser browser;
    static Path report;
    static final List<String> liveDone = new ArrayList<>();
    static String liveFinal;
    /**
     * Each trial's step-loss curve as the page drew it, each time it changed: its points, negative while the trial
     * ran (a dashed curve), positive once it finished.
     */
    static final Map<String, List<Long>> lossCurves = new LinkedHashMap<>();
    /** Training steps an epoch (384 images, batches of 32), and epochs a trial. */
    static final int STEPS = 12;

    static final int EPOCHS = 6;
    /**
     * Test images, evaluated at every epoch's end: enough that an epoch takes about a second, so a trial runs longer
     * than the page's latency (a heartbeat, a write and a reload, each up to a second). With 64, a warm trial took
     * 0.1-0.4 s on a quiet machine and no running trial ever reached the page (a CI run failed so).
     */
    static final int TEST_IMAGES = 16384;

    @BeforeAll
    static void watchASweepThenReport() throws Exception {
        Browser.assumeInstalled();
        browser = Browser.start(dir);
        Path data = SyntheticIdx.write(dir.resolve("data"), STEPS * 32, TEST_IMAGES, 9);
        Path sweep = dir.resolve("tiny.yaml");
        Files.writeString(
                sweep,
                """
                name: tiny
                fixed: {model: lenet, dataset: synthetic, dataset_path: '%s', batch_size: 32, probe_size: 16, seed: 1}
                grid:
                  lr: [0.005, 0.5]
                  bn_exclude: [[], [1], [1, 2]]
                  epochs: [%d]
                """
                        .formatted(data, EPOCHS));
        Path results = dir.resolve("results");
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(
                () -> Cli.run("run", sweep.toString(), "--results", results.toString(), "--master", "local[1]"));
        Path live = waitForLivePage(results.resolve("live"), run);
        browser.open(live);
        // Note the done count each time the page redraws, until the run ends.
        while (!run.isDone() || liveDone.isEmpty()) {
            String done = doneText();
            if (done != null
                    && (liveDone.isEmpty() || !liveDone.get(liveDone.size() - 1).equals(done))) {
                liveDone.add(done);
            }
            noteLossCurves();
            Thread.sleep(200);
        }
        Cli.Result r = run.get();
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("normsweep: live view: " + live.toAbsolutePath()), r.out());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"6 / 6".equals(doneText()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        liveDone.add(doneText());
        noteLossCurves(); // the finished page: a curve last seen running is seen whole here
        liveFinal = (String) browser.js("return document.getElementById('updated').textContent;");
        System.out.println(
                "BrowserTest: step-loss curves as the live page drew them (negative: running): " + lossCurves);
        Files.createDirectories(Path.of("target/screenshots"));
        browser.screenshot(Path.of("target/screenshots/live.png"));

        report = dir.resolve("report");
        Cli.Result rep =
                Cli.run("report", "--results", results.toString(), "--out", report.toString(), "--master", "local[1]");
        assertEquals(0, rep.exitCode(), rep.err());
        browser.consoleErrors(); // the live page's, if any, are not the report's
        browser.open(report.resolve("index.html"));
    }

    private static Path waitForLivePage(Path liveDir, CompletableFuture<Cli.Result> run) throws Exception {
        while (true) {
            if (Files.isDirectory(liveDir)) {
                try (Stream<Path> runs = Files.list(liveDir)) {
                    Path page = runs.map(p -> p.resolve("index.html"))
                            .filter(Files::exists)
                            .findFirst()
                            .orElse(null);
                    if (page != null) {
                        return page;
                    }
                }
            }
            if (run.isDone()) {
                throw new AssertionError(
                        "the run ended without a live page: " + run.get().out());
            }
            Thread.sleep(100);
        }
    }

    private static void noteLossCurves() {
        @SuppressWarnings("unchecked")
        List<List<Object>> drawn = (List<List<Object>>)
                browser.js(
                        "var c = window.normsweepCharts && normsweepCharts.loss;"
                                + " return !c ? [] : c.getOption().series.map(function (s) {"
                                + " return [s.name.split(' ')[0], s.data.length * (s.lineStyle.type === 'dashed' ? -1 : 1)]; });");
        for (List<Object> curve : drawn) {
            List<Long> seen = lossCurves.computeIfAbsent((String) curve.get(0), k -> new ArrayList<>());
            Long points = (Long) curve.get(1);
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(points)) {
                seen.add(points);
            }
        }
    }

    private static String doneText() {
        // Read in the page: the page rebuilds these elements at each redraw.
        return (String) browser.js("var b = document.querySelector('#stat-done b'); return b ? b.textContent : null;");
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void livePageFollowsTheRun() {
        assertTrue(liveDone.size() >= 2, "the page changed while it was open: " + liveDone);
        assertEquals("6 / 6", liveDone.get(liveDone.size() - 1), liveDone.toString());
        assertTrue(liveFinal.startsWith("Last updated ") && liveFinal.contains("run finished"), liveFinal);
        // STEPS steps an epoch, all kept (EPOCHS * STEPS is under 200 points): a running trial shows STEPS more at
        // each epoch end. The page's latency (heartbeat, write, reload: up to a second each) may miss some epochs, so
        // the test asks for a curve seen while its trial ran, short of its end, that the page then showed longer.
        assertTrue(
                lossCurves.values().stream()
                        .anyMatch(n -> n.get(0) < 0
                                && -n.get(0) < EPOCHS * STEPS
                                && Math.abs(n.get(n.size() - 1)) > -n.get(0)),
                "a running trial's step-loss curve, then longer: " + lossCurves);
        assertTrue(
                lossCurves.values().stream()
                        .flatMap(List::stream)
                        .allMatch(n -> n < 0 ? n % STEPS == 0 && n >= -EPOCHS * STEPS : n == EPOCHS * STEPS),
                "running trials show whole epochs, finished ones all EPOCHS * STEPS steps: " + lossCurves);
    }

    @Test
    void everyChartIsDrawnWithTheSeriesAndPointsOfItsCsv() throws IOException {
        assertEquals(List.of(), browser.consoleErrors(), "no console errors");
        int charts = 0;
        for (ReportQuery q : ReportQueries.builtIn()) {
            List<String[]> csv = csv(report.resolve(q.name() + ".csv"));
            if (q.chart() == null || csv.size() < 2) {
                continue;
            }
            charts++;
            @SuppressWarnings("unchecked")
            List<List<Object>> drawn = (List<List<Object>>) browser.js(
                    "return normsweepCharts[arguments[0]].getOption().series.map(function (s) {"
                            + " return [String(s.id).indexOf('error bars: ') === 0 ? s.id : s.name, s.data.length];"
                            + " });",
                    q.name());
            Map<String, Long> actual = new LinkedHashMap<>();
            drawn.forEach(s -> actual.put(String.valueOf(s.get(0)), (Long) s.get(1)));
            assertEquals(expected(q, csv), actual, q.name());
            Object png = browser.js(
                    "var d = document.querySelector('details.ns-png[data-for=\"' + arguments[0] + '\"]');"
                            + " return d ? d.open : null;",
                    q.name());
            assertTrue(png == null || Boolean.FALSE.equals(png), q.name() + ": the PNG folds away once drawn");
        }
        assertTrue(charts >= 12, "the built-in charts: " + charts);
        assertEquals((long) charts, browser.js("return document.querySelectorAll('.ns-chart.ns-drawn').length;"));
        browser.js("document.getElementById('trials_parallel').scrollIntoView();");
        browser.screenshot(Path.of("target/screenshots/report.png"));
    }

    /** Series name -> points, from the CSV alone: what each chart type should draw. */
    private Map<String, Long> expected(ReportQuery q, List<String[]> csv) {
        List<String> header = List.of(csv.get(0));
        List<String[]> rows = csv.subList(1, csv.size());
        Map<String, Long> out = new LinkedHashMap<>();
        Map<String, String> o = q.chart().options();
        switch (q.chart().type()) {
            case "parallel" -> rows.forEach(r -> out.merge(r[header.indexOf(o.get("color"))], 1L, Long::sum));
            case "heatmap" -> out.put(o.get("values").split(",")[0].strip(), (long) rows.size());
            default -> {
                int select = o.containsKey("select") ? header.indexOf(o.get("select")) : -1;
                Object shown = select < 0
                        ? null
                        : browser.js("return document.getElementById('select-' + arguments[0]).value;", q.name());
                int x = header.indexOf(q.chart().x());
                int y = header.indexOf(q.chart().y());
                int s = header.indexOf(q.chart().series());
                int error = o.containsKey("error") ? header.indexOf(o.get("error")) : -1;
                Map<String, Long> bars = new LinkedHashMap<>();
                for (String[] r : rows) {
                    if (!r[x].isEmpty() && !r[y].isEmpty() && (select < 0 || r[select].equals(shown))) {
                        out.merge(r[s], 1L, Long::sum);
                        // Error bars: a series of its own per series, one bar per row with an error (sd) that
                        // the axis can show (a log axis has no place for y <= 0).
                        boolean onLog = "log".equals(o.get("yscale")) && Double.parseDouble(r[y]) <= 0;
                        if (error >= 0 && !r[error].isEmpty() && !r[error].equals("NaN") && !onLog) {
                            bars.merge("error bars: " + r[s], 1L, Long::sum);
                        }
                    }
                }
                out.putAll(bars);
            }
        }
        if (q.chart().type().equals("parallel")) {
            // The page orders the statuses; the counts are what matter.
            return new java.util.TreeMap<>(out);
        }
        return out;
    }

    @Test
    void hoverShowsTheTrialsOfAPoint() throws IOException {
        @SuppressWarnings("unchecked")
        List<Object> point = (List<Object>) browser.js(
                // A point no other lies near (seeds of a tiny sweep often share an accuracy), so the hover is its own.
                "var c = normsweepCharts.accuracy_per_epoch, el = c.getDom(), pts = [];"
                        + " c.getOption().series.forEach(function (s, i) {"
                        + " if (String(s.id).indexOf('error bars: ') === 0) return; s.data.forEach(function (d) {"
                        + " pts.push([s.name, c.convertToPixel({seriesIndex: i}, d.value)]); }); });"
                        + " var p = pts.find(function (a) { return pts.every(function (b) { return a === b"
                        + " || Math.hypot(a[1][0] - b[1][0], a[1][1] - b[1][1]) > 12; }); });"
                        + " return p ? [p[0], p[1][0] - el.clientWidth / 2, p[1][1] - el.clientHeight / 2] : null;");
        assertNotNull(point, "a point apart from the others");
        String config = (String) point.get(0);
        WebElement chart = browser.driver().findElement(By.id("chart-accuracy_per_epoch"));
        new Actions(browser.driver())
                .moveToElement(chart, ((Number) point.get(1)).intValue(), ((Number) point.get(2)).intValue())
                .perform();
        String text = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (text.isEmpty() && System.nanoTime() < deadline) {
            text = browser.driver().findElements(By.cssSelector("#chart-accuracy_per_epoch .ns-tip")).stream()
                    .filter(WebElement::isDisplayed)
                    .map(WebElement::getText)
                    .findFirst()
                    .orElse("");
        }
        // The trials of this configuration, from the per-trial CSV: every varying setting as the label names it.
        List<String[]> trials = csv(report.resolve("trials_parallel.csv"));
        List<String> header = List.of(trials.get(0));
        Set<String> ids = new LinkedHashSet<>();
        for (String[] r : trials.subList(1, trials.size())) {
            boolean match = true;
            for (String kv : config.split(" ")) {
                String[] p = kv.split("=", 2);
                match &= r[header.indexOf(p[0])].equals(p[1]);
            }
            if (match) {
                ids.add(r[header.indexOf("trial_id")]);
            }
        }
        // As the reader sees it: one space between words (the tooltip's HTML may hold others).
        text = text.replaceAll("[\\s\\u00a0]+", " ");
        assertEquals(1, ids.size(), config + " is one trial (one seed)");
        assertTrue(text.contains("settings: " + config), text);
        assertTrue(text.contains("trials: " + ids.iterator().next()), text);
    }

    @Test
    void parallelCoordinatesBrushKeepsTheTrialsInside() throws IOException {
        List<String[]> trials = csv(report.resolve("trials_parallel.csv"));
        List<String> header = List.of(trials.get(0));
        int acc = header.indexOf("final_test_accuracy");
        List<Double> accs = trials.subList(1, trials.size()).stream()
                .filter(r -> !r[acc].isEmpty())
                .map(r -> Double.parseDouble(r[acc]))
                .sorted()
                .toList();
        double low = accs.get(accs.size() / 2);
        Set<String> inside = new LinkedHashSet<>();
        for (String[] r : trials.subList(1, trials.size())) {
            if (!r[acc].isEmpty() && Double.parseDouble(r[acc]) >= low) {
                inside.add(r[header.indexOf("trial_id")]);
            }
        }
        assertTrue(inside.size() < trials.size() - 1, "the brush leaves some trials out");
        // The action a drag along the accuracy axis (the last) dispatches.
        browser.js(
                "var c = normsweepCharts.trials_parallel, m = c.getModel(), k = 0;"
                        + " while (m.getComponent('parallelAxis', k + 1)) k++;"
                        + " c.dispatchAction({type: 'axisAreaSelect', parallelAxisId: m.getComponent('parallelAxis', k).id,"
                        + " intervals: [[arguments[0], arguments[1]]]});",
                low,
                accs.get(accs.size() - 1) + 1e-9);
        @SuppressWarnings("unchecked")
        List<String> kept = (List<String>) browser.js("return normsweepBrushed.trials_parallel;");
        assertEquals(inside, new LinkedHashSet<>(kept));
        String note =
                browser.driver().findElement(By.id("brush-trials_parallel")).getText();
        assertTrue(note.startsWith(inside.size() + " of " + (trials.size() - 1) + " trials selected"), note);
    }

    /** A CSV file's rows, split on commas outside double quotes, quotes removed. */
    private static List<String[]> csv(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            for (int i = 0; i < f.length; i++) {
                f[i] = f[i].replaceAll("^\"|\"$", "").replace("\"\"", "\"");
            }
            out.add(f);
        }
        assertNotNull(out);
        return out;
    }
}
