package org.normsweep.sweep;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting a sweep file may give, under {@code fixed} (one value) or {@code grid} (a list of values,
 * one axis of the Cartesian product), with its default. The declaration order is the grid's order.
 */
public enum Setting {
    MODEL("model", "lenet", true),
    DATASET("dataset", "fashion-mnist", false),
    DATASET_PATH("dataset_path", null, false),
    TRAIN_LIMIT("train_limit", 0, false),
    TEST_LIMIT("test_limit", 0, false),
    BATCH_SIZE("batch_size", 128, true),
    OPTIMIZER("optimizer", "sgd", false),
    PROBE_SIZE("probe_size", 128, false),
    LR("lr", 0.1, true),
    BN_EXCLUDE("bn_exclude", java.util.List.of(), true),
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

    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /** Other names people use for a setting, so "did you mean" finds it. */
    private static final java.util.Map<String, Setting> ALIASES = java.util.Map.of(
            "learning_rate", LR, "bn_exclusion", BN_EXCLUDE, "exclude_bn", BN_EXCLUDE, "batch", BATCH_SIZE,
            "max_epochs", EPOCHS, "num_epochs", EPOCHS, "data", DATASET, "data_dir", DATASET_PATH,
            "network", MODEL, "arch", MODEL);

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
