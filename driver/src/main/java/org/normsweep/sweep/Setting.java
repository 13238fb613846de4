package org.normsweep.sweep;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.normsweep.trial.Keyed;

/**
 * Every setting a sweep file may give, under {@code fixed} (one value) or {@code grid} (a list of values,
 * one axis of the Cartesian product), with its default. The declaration order is the grid's order.
 */
public enum Setting {
    MODEL("model", "lenet", true),
    ACTIVATION("activation", null, true),
    DATASET("dataset", "fashion-mnist", false),
    DATASET_PATH("dataset_path", null, false),
    TRAIN_LIMIT("train_limit", 0, false),
    TEST_LIMIT("test_limit", 0, false),
    BATCH_SIZE("batch_size", 128, true),
    OPTIMIZER("optimizer", "sgd", false),
    PROBE_SIZE("probe_size", 128, false),
    LR("lr", 0.1, true),
    LR_SCHEDULE("lr_schedule", "constant", true),
    BN_EXCLUDE("bn_exclude", java.util.List.of(), true),
    BN_VARIANT("bn_variant", "full", true),
    BN_IMPL("bn_impl", "dl4j", true),
    KERNELS("kernels", "fast", true),
    BIAS_REMOVAL("bias_removal", "none", true),
    WEIGHT_INIT("weight_init", "glorot_uniform", true),
    WEIGHT_DECAY("weight_decay", 0.0, true),
    DROPOUT("dropout", 0.0, true),
    EARLY_STOPPING_PATIENCE("early_stopping_patience", 0, true),
    VALIDATION_SPLIT("validation_split", 0.0, true),
    SEED("seed", 0L, true),
    EPOCHS("epochs", 1, true);

    private final String key;
    private final Object defaultValue;
    private final boolean gridAxis;

    Setting(String key, Object defaultValue, boolean gridAxis) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.gridAxis = gridAxis;
    }

    public String key() {
        return key;
    }

    /** The value used when a sweep file does not give this setting (null: none). */
    public Object defaultValue() {
        return defaultValue;
    }

    /** Whether the setting may be a grid axis (else it may only be fixed). */
    public boolean gridAxis() {
        return gridAxis;
    }

    /** This setting's value in a trial, as the sweep file writes it. */
    public String valueIn(org.normsweep.trial.TrialSpec t) {
        return switch (this) {
            case MODEL -> t.model().key();
            case ACTIVATION -> Keyed.key(t.activation());
            case DATASET -> t.dataset().name();
            case DATASET_PATH -> t.dataset().path();
            case TRAIN_LIMIT -> String.valueOf(t.dataset().trainLimit());
            case TEST_LIMIT -> String.valueOf(t.dataset().testLimit());
            case BATCH_SIZE -> String.valueOf(t.batchSize());
            case OPTIMIZER -> t.optimizer();
            case PROBE_SIZE -> String.valueOf(t.probeSize());
            case LR -> String.valueOf(t.lr());
            case LR_SCHEDULE -> Keyed.key(t.lrSchedule());
            case BN_EXCLUDE -> t.bnExcluded().isEmpty() ? "none" : t.bnExcluded().toString().replace(" ", "");
            case BN_VARIANT -> Keyed.key(t.bnVariant());
            case BN_IMPL -> Keyed.key(t.bnImpl());
            case KERNELS -> Keyed.key(t.kernels());
            case BIAS_REMOVAL -> Keyed.key(t.biasRemoval());
            case WEIGHT_INIT -> Keyed.key(t.weightInit());
            case WEIGHT_DECAY -> String.valueOf(t.weightDecay());
            case DROPOUT -> String.valueOf(t.dropout());
            case EARLY_STOPPING_PATIENCE -> String.valueOf(t.patience());
            case VALIDATION_SPLIT -> String.valueOf(t.validationSplit());
            case SEED -> String.valueOf(t.seed());
            case EPOCHS -> String.valueOf(t.epochs());
        };
    }

    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /** Other names people use for a setting, so "did you mean" finds it. */
    private static final java.util.Map<String, Setting> ALIASES = java.util.Map.ofEntries(
            java.util.Map.entry("learning_rate", LR), java.util.Map.entry("bn_exclusion", BN_EXCLUDE),
            java.util.Map.entry("exclude_bn", BN_EXCLUDE), java.util.Map.entry("batch", BATCH_SIZE),
            java.util.Map.entry("max_epochs", EPOCHS), java.util.Map.entry("num_epochs", EPOCHS),
            java.util.Map.entry("data", DATASET), java.util.Map.entry("data_dir", DATASET_PATH),
            java.util.Map.entry("network", MODEL), java.util.Map.entry("arch", MODEL),
            java.util.Map.entry("patience", EARLY_STOPPING_PATIENCE), java.util.Map.entry("init", WEIGHT_INIT),
            java.util.Map.entry("affine", BN_VARIANT), java.util.Map.entry("bn_implementation", BN_IMPL),
            java.util.Map.entry("layer_kernels", KERNELS));

    /** The known key closest to {@code unknown} by edit distance (to it or one of its aliases), for hints. */
    public static String nearestKey(String unknown) {
        String probe = unknown.toLowerCase(Locale.ROOT);
        Setting best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting s : values()) {
            int d = editDistance(probe, s.key);
            if (d < bestDistance) {
                bestDistance = d;
                best = s;
            }
        }
        for (java.util.Map.Entry<String, Setting> alias : ALIASES.entrySet()) {
            int d = editDistance(probe, alias.getKey());
            if (d < bestDistance) {
                bestDistance = d;
                best = alias.getValue();
            }
        }
        return best.key;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
