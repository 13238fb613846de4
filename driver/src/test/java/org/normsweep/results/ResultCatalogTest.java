package org.normsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normsweep.result.TrialResult;
import org.normsweep.testing.SampleResults;
import org.normsweep.testing.SparkTestBase;

/** The catalog's statements, run in a plain Spark session, give the trials {@code report --sweep} shows. */
class ResultCatalogTest extends SparkTestBase {
    @TempDir
    Path dir;

    private static Set<String> ids(String query) {
        return sql(query).stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    @Test
    void catalogReproducesTheViewsOfASweepIncludingReusedTrials() {
        TrialResult mine = SampleResults.completed();
        TrialResult reused = SampleResults.failed();
        // Sweep b ran `reused`; sweep a then asked for it too (its plan) and ran `mine`.
        ResultWriter b = new ResultWriter(spark(), dir.toString(), new ResultTables.RunContext("b", "r1", "h"));
        b.appendPlan(List.of(reused.spec().id()));
        b.append(List.of(reused));
        ResultWriter a = new ResultWriter(spark(), dir.toString(), new ResultTables.RunContext("a", "r2", "h"));
        a.appendPlan(List.of(mine.spec().id(), reused.spec().id()));
        a.append(List.of(mine));

        ResultViews.register(spark(), dir.toString(), "a");
        Set<String> viaViews = ids("SELECT trial_id FROM trials");
        assertEquals(Set.of(mine.spec().id(), reused.spec().id()), viaViews);

        for (String statement : ResultCatalog.statements(dir.toUri().toString(), "nscat")) {
            spark().sql(statement);
        }
        assertEquals(
                viaViews,
                ids("SELECT trial_id FROM nscat.trials WHERE trial_id IN"
                        + " (SELECT trial_id FROM nscat.sweep_trials WHERE sweep = 'a')"));
        assertEquals(
                Set.of(reused.spec().id()),
                ids("SELECT trial_id FROM nscat.trials WHERE trial_id IN"
                        + " (SELECT trial_id FROM nscat.sweep_trials WHERE sweep = 'b')"));
        assertEquals(3L, scalar("SELECT count(*) FROM nscat.plans_all"));
        assertEquals(2L, scalar("SELECT count(*) FROM nscat.epochs"));
    }
}
