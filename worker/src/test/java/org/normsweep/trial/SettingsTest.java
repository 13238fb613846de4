package org.normsweep.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The settings registry is complete and the one source of defaults, checks and the README's table. */
class SettingsTest {
    static final String BEGIN = "<!-- settings table: generated from TrialSpec.SETTINGS, checked by SettingsTest -->";
    static final String END = "<!-- end of settings table -->";

    @Test
    void everyComponentHasASettingAndEverySettingAComponent() {
        Set<String> components = Arrays.stream(TrialSpec.class.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());
        Set<String> covered =
                TrialSpec.SETTINGS.stream().map(Setting::component).collect(Collectors.toSet());
        assertEquals(components, covered);
        assertEquals(
                TrialSpec.SETTINGS.size(),
                TrialSpec.SETTINGS.stream().map(Setting::key).distinct().count());
    }

    @Test
    void theBuilderStartsAtEverySettingsDefault() {
        TrialSpec t = TrialSpec.builder().set(TrialSpec.DATASET_PATH, "/d").build();
        for (Setting<?> s : TrialSpec.SETTINGS) {
            if (s.defaultValue() != null) {
                assertEquals(s.defaultValue(), s.get(t), s.key());
            }
        }
        assertEquals(Activation.SIGMOID, t.activation(), "LeNet's own activation");
        assertEquals(t, t.toBuilder().build());
        assertEquals(t.withEpochs(3), t.toBuilder().epochs(3).build());
    }

    @Test
    void parsingAndTheBuilderShareOneRuleAndMessage() {
        assertEquals(
                "grid.lr[1] must be > 0, found -1",
                assertThrows(IllegalArgumentException.class, () -> TrialSpec.LR.parse("grid.lr[1]", -1))
                        .getMessage());
        assertEquals(
                "lr must be > 0, found -1.0",
                assertThrows(IllegalArgumentException.class, () -> TrialSpec.builder()
                                .set(TrialSpec.DATASET_PATH, "/d")
                                .lr(-1)
                                .build())
                        .getMessage());
        assertEquals(
                "fixed.kernels: unknown value 'gpu', known: fast, dl4j",
                assertThrows(IllegalArgumentException.class, () -> TrialSpec.KERNELS.parse("fixed.kernels", "gpu"))
                        .getMessage());
        assertEquals(List.of(1, 3), TrialSpec.BN_EXCLUDE.parse("x", List.of(3, 1)));
        assertEquals("[1,3]", TrialSpec.BN_EXCLUDE.text(List.of(1, 3)));
    }

    @Test
    void readmeSettingsTableIsGeneratedFromTheRegistry() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has the markers " + BEGIN + " and " + END);
        String expected = Setting.readmeTable(TrialSpec.SETTINGS);
        String actual = text.substring(begin + BEGIN.length() + 1, end);
        if (!expected.equals(actual) && Boolean.getBoolean("normsweep.updateReadme")) {
            Files.writeString(readme, text.substring(0, begin + BEGIN.length() + 1) + expected + text.substring(end));
            return;
        }
        assertEquals(
                expected,
                actual,
                "README.md's settings table is out of date: run this test with"
                        + " -Dnormsweep.updateReadme=true to regenerate it");
    }
}
