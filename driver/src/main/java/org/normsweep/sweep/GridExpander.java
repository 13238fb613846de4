package org.normsweep.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;

/**
 * Expands a sweep into its trials: the Cartesian product of every setting's values, in
 * {@link TrialSpec#SETTINGS} order (the last setting varies fastest), each combination one {@link TrialSpec}
 * built from every setting's value (no setting can be left out: the builder holds them all).
 */
public final class GridExpander {
    private GridExpander() {}

    public static List<TrialSpec> expand(Sweep sweep, String datasetPath) {
        checkBnLayers(sweep);
        List<Setting<?>> settings = List.copyOf(sweep.values().keySet());
        List<TrialSpec> trials = new ArrayList<>();
        combine(sweep, datasetPath, settings, 0, new LinkedHashMap<>(), trials);
        return trials;
    }

    /** How many trials {@link #expand} would make, without making them. */
    public static long count(Sweep sweep) {
        long n = 1;
        for (List<Object> values : sweep.values().values()) {
            n = Math.multiplyExact(n, values.size());
        }
        return n;
    }

    private static void combine(
            Sweep sweep,
            String path,
            List<Setting<?>> settings,
            int depth,
            Map<Setting<?>, Object> chosen,
            List<TrialSpec> out) {
        if (depth == settings.size()) {
            out.add(spec(sweep, chosen, path));
            return;
        }
        Setting<?> s = settings.get(depth);
        for (Object value : sweep.valuesOf(s)) {
            chosen.put(s, value);
            combine(sweep, path, settings, depth + 1, chosen, out);
        }
    }

    private static TrialSpec spec(Sweep sweep, Map<Setting<?>, Object> v, String path) {
        TrialSpec.Builder b = TrialSpec.builder();
        v.forEach(b::setValue);
        b.set(TrialSpec.DATASET_PATH, path);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            // A combination of valid values that cannot go together (the record checks combinations).
            throw new SweepFileException(
                    sweep.file(), e.getMessage() + " (in the combination " + describe(sweep, v) + ")");
        }
    }

    private static String describe(Sweep sweep, Map<Setting<?>, Object> v) {
        List<String> parts = new ArrayList<>();
        for (Setting<?> s : sweep.values().keySet()) {
            if (sweep.gridSettings().contains(s)
                    || s.defaultValue() == null
                    || !Objects.equals(s.defaultValue(), v.get(s))) {
                parts.add(s.key() + "=" + s.text(v.get(s)));
            }
        }
        return String.join(", ", parts);
    }

    /** A BN layer number past a model's count is an error in the file, named by key and value. */
    @SuppressWarnings("unchecked")
    private static void checkBnLayers(Sweep sweep) {
        List<Object> exclusions = sweep.valuesOf(TrialSpec.BN_EXCLUDE);
        for (Object m : sweep.valuesOf(TrialSpec.MODEL)) {
            ModelKind model = (ModelKind) m;
            for (int i = 0; i < exclusions.size(); i++) {
                for (int layer : (List<Integer>) exclusions.get(i)) {
                    if (layer > model.bnLayerCount()) {
                        String key = sweep.keyOf(TrialSpec.BN_EXCLUDE)
                                + (sweep.gridSettings().contains(TrialSpec.BN_EXCLUDE) ? "[" + i + "]" : "");
                        throw new SweepFileException(
                                sweep.file(),
                                key + " names BN layer " + layer + ", but " + model.key() + " has BN layers 1.."
                                        + model.bnLayerCount() + ", found " + exclusions.get(i));
                    }
                }
            }
        }
    }
}
