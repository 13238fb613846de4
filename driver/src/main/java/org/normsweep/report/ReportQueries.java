package org.normsweep.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The built-in report queries (resources {@code reports/*.sql}, in {@code reports/index.txt} order) and extra files. */
public final class ReportQueries {
    private ReportQueries() {}

    public static List<ReportQuery> builtIn() {
        List<ReportQuery> out = new ArrayList<>();
        for (String line : resource("reports/index.txt").split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            out.add(ReportQuery.parse(file.replace(".sql", ""), "reports/" + file, resource("reports/" + file)));
        }
        return out;
    }

    /** A user's {@code .sql} file, parsed the same way. */
    public static ReportQuery fromFile(Path file) {
        try {
            String name = file.getFileName().toString().replaceAll("\\.sql$", "");
            return ReportQuery.parse(name, file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = ReportQueries.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + path, e);
        }
    }
}
