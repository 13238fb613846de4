package org.normsweep.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;

/**
 * A parsed, checked sweep file: its name and, for every {@link Setting}, the list of values it takes
 * (one value for fixed settings and defaults, several for grid axes), each in the setting's Java type. Driver-only.
 *
 * @param file     the path as the user gave it, for messages
 * @param fileHash SHA-256 of the file's bytes, recorded with every trial
 * @param gridSettings the settings given under {@code grid}
 */
public record Sweep(
        String name, String file, String fileHash, Map<Setting<?>, List<Object>> values, Set<Setting<?>> gridSettings) {
    public Sweep {
        Map<Setting<?>, List<Object>> copy = new LinkedHashMap<>();
        for (Setting<?> s : TrialSpec.SETTINGS) {
            if (values.containsKey(s)) {
                copy.put(s, List.copyOf(values.get(s)));
            }
        }
        values = Collections.unmodifiableMap(copy);
        gridSettings = Set.copyOf(gridSettings);
    }

    /** Where a setting's values stand in the file, for messages: {@code grid.lr} or {@code fixed.lr}. */
    public String keyOf(Setting<?> setting) {
        return (gridSettings.contains(setting) ? "grid." : "fixed.") + setting.key();
    }

    /** The values of {@code setting}: one for a fixed setting, several for a grid axis. */
    public List<Object> valuesOf(Setting<?> setting) {
        return values.getOrDefault(setting, List.of());
    }

    /** The single value of a setting that cannot be a grid axis (null when unset and without default). */
    public Object fixed(Setting<?> setting) {
        List<Object> v = valuesOf(setting);
        return v.isEmpty() ? null : v.get(0);
    }

    /** Grid axes with more than one value, in grid order. */
    public List<Setting<?>> varyingAxes() {
        return values.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey)
                .toList();
    }
}
