package org.normsweep.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.normsweep.trial.Setting;
import org.normsweep.trial.TrialSpec;

/**
 * Registers what the report's queries share: the views {@code configs(run_id, trial_id, config, base_key)} and
 * {@code trial_settings(run_id, trial_id, KEY...)} (one column per varying setting, named by its sweep key) and the
 * function {@code t_975(df)}. A configuration is every setting but the seed; {@code config} names
 * only the settings that vary among the trials shown (e.g. {@code bn_exclude=1 epochs=4}, each named by its sweep key), {@code base_key}
 * every setting but the seed and the BN exclusion (to pair a trial with its full-BN twin). Driver-only.
 */
final class ConfigsView {
    /** The settings that label a configuration, in label order (every setting with a column but the seed). */
    static final List<Setting<?>> SETTINGS =
            TrialSpec.SETTINGS.stream().filter(Setting::labelsConfig).toList();

    private ConfigsView() {}

    static void register(SparkSession spark) {
        spark.udf().register("t_975", (UDF1<Long, Double>) ConfigsView::t975, DataTypes.DoubleType);
        List<Setting<?>> varying = new ArrayList<>();
        StringBuilder counts = new StringBuilder("SELECT ");
        for (int i = 0; i < SETTINGS.size(); i++) {
            counts.append(i == 0 ? "" : ", ")
                    .append("count(DISTINCT ")
                    .append(SETTINGS.get(i).columnSql())
                    .append(")");
        }
        Row row = spark.sql(counts + " FROM trials").first();
        for (int i = 0; i < SETTINGS.size(); i++) {
            if (row.getLong(i) > 1) {
                varying.add(SETTINGS.get(i));
            }
        }
        List<String> labelParts = new ArrayList<>();
        for (Setting<?> s : varying) {
            labelParts.add(
                    s.columnType().startsWith("array")
                            ? "concat('" + s.key() + "=', coalesce(nullif(array_join(" + s.columnSql()
                                    + ", ','), ''), 'none'))"
                            : "concat('" + s.key() + "=', cast(" + s.columnSql() + " AS string))");
        }
        String label = labelParts.isEmpty() ? "'all'" : "concat_ws(' ', " + String.join(", ", labelParts) + ")";
        List<String> keyParts = new ArrayList<>();
        for (Setting<?> s : SETTINGS) {
            if (s != TrialSpec.BN_EXCLUDE) {
                keyParts.add("cast(" + s.columnSql() + " AS string)");
            }
        }
        StringBuilder settings = new StringBuilder("SELECT run_id, trial_id");
        for (Setting<?> s : varying) {
            settings.append(", ")
                    .append(
                            s.columnType().startsWith("array")
                                    ? "coalesce(nullif(array_join(" + s.columnSql() + ", ','), ''), 'none')"
                                    : s.columnSql())
                    .append(" AS `")
                    .append(s.key())
                    .append('`');
        }
        spark.sql(settings + " FROM trials").createOrReplaceTempView("trial_settings");
        spark.sql("SELECT run_id, trial_id, " + label + " AS config, concat_ws('|', " + String.join(", ", keyParts)
                        + ") AS base_key FROM trials")
                .createOrReplaceTempView("configs");
    }

    /** Each configuration's trials as {@code [trial_id, status]}, for the page's hover text; after {@link #register}. */
    static Map<String, List<String[]>> trialsByConfig(SparkSession spark) {
        Map<String, List<String[]>> out = new LinkedHashMap<>();
        for (Row r : spark.sql(
                        "SELECT c.config, t.trial_id, t.status FROM trials t JOIN configs c USING (run_id, trial_id)"
                                + " ORDER BY c.config, t.trial_id")
                .collectAsList()) {
            out.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
                    .add(new String[] {r.getString(1), r.getString(2)});
        }
        return out;
    }

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom; null below 1 (no interval). */
    static Double t975(Long df) {
        if (df == null || df < 1) {
            return null;
        }
        return new TDistribution(df).inverseCumulativeProbability(0.975);
    }
}
