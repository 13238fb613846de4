package org.normsweep.sweep;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.normsweep.trial.Activation;
import org.normsweep.trial.BiasRemoval;
import org.normsweep.trial.BnImpl;
import org.normsweep.trial.BnVariant;
import org.normsweep.trial.DatasetSpec;
import org.normsweep.trial.Keyed;
import org.normsweep.trial.WeightInit;
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
            out.add(spec(sweep, chosen, path));
            return;
        }
        Setting s = settings.get(depth);
        for (Object value : sweep.valuesOf(s)) {
            chosen.put(s, value);
            combine(sweep, path, settings, depth + 1, chosen, out);
        }
    }

    @SuppressWarnings("unchecked")
    private static TrialSpec spec(Sweep sweep, Map<Setting, Object> v, String path) {
        DatasetSpec dataset = new DatasetSpec((String) v.get(Setting.DATASET), path,
                (Integer) v.get(Setting.TRAIN_LIMIT), (Integer) v.get(Setting.TEST_LIMIT));
        ModelKind model = ModelKind.fromKey((String) v.get(Setting.MODEL));
        TrialSpec.Builder b = TrialSpec.builder(model, dataset)
                .batchSize((Integer) v.get(Setting.BATCH_SIZE))
                .lr((Double) v.get(Setting.LR))
                .lrSchedule(Keyed.parse(org.normsweep.trial.LrSchedule.class, (String) v.get(Setting.LR_SCHEDULE)))
                .bnExcluded((List<Integer>) v.get(Setting.BN_EXCLUDE))
                .bnVariant(Keyed.parse(BnVariant.class, (String) v.get(Setting.BN_VARIANT)))
                .bnImpl(Keyed.parse(BnImpl.class, (String) v.get(Setting.BN_IMPL)))
                .kernels(Keyed.parse(org.normsweep.trial.Kernels.class, (String) v.get(Setting.KERNELS)))
                .biasRemoval(Keyed.parse(BiasRemoval.class, (String) v.get(Setting.BIAS_REMOVAL)))
                .weightInit(Keyed.parse(WeightInit.class, (String) v.get(Setting.WEIGHT_INIT)))
                .weightDecay((Double) v.get(Setting.WEIGHT_DECAY))
                .dropout((Double) v.get(Setting.DROPOUT))
                .patience((Integer) v.get(Setting.EARLY_STOPPING_PATIENCE))
                .validationSplit((Double) v.get(Setting.VALIDATION_SPLIT))
                .seed((Long) v.get(Setting.SEED))
                .epochs((Integer) v.get(Setting.EPOCHS))
                .probeSize((Integer) v.get(Setting.PROBE_SIZE));
        if (v.get(Setting.ACTIVATION) != null) {
            b.activation(Keyed.parse(Activation.class, (String) v.get(Setting.ACTIVATION)));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            // A combination of valid values that cannot go together, e.g. bn_variant mean_only with bn_impl dl4j.
            throw new SweepFileException(sweep.file(), e.getMessage() + " (in the combination "
                    + describe(sweep, v) + ")");
        }
    }

    private static String describe(Sweep sweep, Map<Setting, Object> v) {
        List<String> parts = new ArrayList<>();
        for (Setting s : sweep.values().keySet()) {
            if (sweep.gridSettings().contains(s) || s.defaultValue() == null
                    || !s.defaultValue().equals(v.get(s))) {
                parts.add(s.key() + "=" + v.get(s));
            }
        }
        return String.join(", ", parts);
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
