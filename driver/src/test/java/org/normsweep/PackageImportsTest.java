package org.normsweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The import rules the {@code package-info.java} files state hold: a package whose Javadoc has an
 * {@code Imports: {@code a}, {@code b}} sentence imports only from those packages (and itself), in every main
 * source file of both modules.
 */
class PackageImportsTest {
    private static final Pattern RULE = Pattern.compile("Imports:((?:\\s*\\{@code [\\w.]+\\},?)+)");
    private static final Pattern CODE = Pattern.compile("\\{@code ([\\w.]+)\\}");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([\\w.]+)");

    @Test
    void everyPackageImportsOnlyWhatItsPackageInfoAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        int packagesWithRules = 0;
        for (Path root : List.of(Path.of("src/main/java"), Path.of("../worker/src/main/java"))) {
            List<Path> infos;
            try (Stream<Path> files = Files.walk(root)) {
                infos = files.filter(p -> p.getFileName().toString().equals("package-info.java"))
                        .toList();
            }
            for (Path info : infos) {
                String text = Files.readString(info).replaceAll("\\s*\\n\\s*\\*\\s*", " ");
                Matcher rule = RULE.matcher(text);
                if (!rule.find()) {
                    continue;
                }
                packagesWithRules++;
                String pkg = root.relativize(info.getParent()).toString().replace('/', '.');
                List<String> allowed = new ArrayList<>(List.of(pkg));
                CODE.matcher(rule.group(1)).results().forEach(m -> allowed.add(m.group(1)));
                try (Stream<Path> sources = Files.list(info.getParent())) {
                    for (Path source :
                            sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                        Matcher imp = IMPORT.matcher(Files.readString(source));
                        while (imp.find()) {
                            String name = imp.group(1);
                            if (allowed.stream().noneMatch(a -> name.equals(a) || name.startsWith(a + "."))) {
                                violations.add(source.getFileName() + " (" + pkg + ") imports " + name);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(packagesWithRules >= 10, "packages with an Imports: rule: " + packagesWithRules);
        assertEquals(List.of(), violations);
    }
}
