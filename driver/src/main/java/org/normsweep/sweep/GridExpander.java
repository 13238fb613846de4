package org.normsweep.sweep;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * Expands a sweep into its trials: the Cartesian product of every setting's values, in
 * {@link Setting} order (the last setting varies fastest), each combination one {@link TrialSpec}.
 */
public final class GridExpander {
    private GridExpander() {
    }

    public static List<TrialSpec> expand(Sweep sweep, String datasetPath) {
        checkBnLayers(sweep);
        List<Setting> settings = List.copyOf(sweep.values().keySet());
        List<TrialSpec> trials = new ArrayList<>();
        combine(sweep, datasetPath, settings, 0, new EnumMap<>(Setting.class), trials);
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

    private static void combine(Sweep sweep, String path, List<Setting> settings, int depth,
                                Map<Setting, Object> chosen, List<TrialSpec> out) {
        if (depth == settings.size()) {
            out.add(spec(chosen, path));
            return;
        }
        Setting s = settings.get(depth);
        for (Object value : sweep.valuesOf(s)) {
            chosen.put(s, value);
            combine(sweep, path, settings, depth + 1, chosen, out);
        }
    }

    @SuppressWarnings("unchecked")
    private static TrialSpec spec(Map<Setting, Object> v, String path) {
        DatasetSpec dataset = new DatasetSpec((String) v.get(Setting.DATASET), path,
                (Integer) v.get(Setting.TRAIN_LIMIT), (Integer) v.get(Setting.TEST_LIMIT));
        return new TrialSpec(ModelKind.fromKey((String) v.get(Setting.MODEL)), dataset,
                (Integer) v.get(Setting.BATCH_SIZE), (String) v.get(Setting.OPTIMIZER), (Double) v.get(Setting.LR),
                (List<Integer>) v.get(Setting.BN_EXCLUDE), (Long) v.get(Setting.SEED), (Integer) v.get(Setting.EPOCHS),
                (Integer) v.get(Setting.PROBE_SIZE));
    }

    /** A BN layer number past a model's count is an error in the file, named by key and value. */
    @SuppressWarnings("unchecked")
    private static void checkBnLayers(Sweep sweep) {
        List<Object> exclusions = sweep.valuesOf(Setting.BN_EXCLUDE);
        for (Object m : sweep.valuesOf(Setting.MODEL)) {
            ModelKind model = ModelKind.fromKey((String) m);
            for (int i = 0; i < exclusions.size(); i++) {
                for (int layer : (List<Integer>) exclusions.get(i)) {
                    if (layer > model.bnLayerCount()) {
                        String key = sweep.keyOf(Setting.BN_EXCLUDE) + (sweep.gridSettings().contains(Setting.BN_EXCLUDE)
                                ? "[" + i + "]" : "");
                        throw new SweepFileException(sweep.file(), key + " names BN layer " + layer + ", but "
                                + model.key() + " has BN layers 1.." + model.bnLayerCount() + ", found " + exclusions.get(i));
                    }
                }
            }
        }
    }
}
