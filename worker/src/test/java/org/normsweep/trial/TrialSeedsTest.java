package org.normsweep.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class TrialSeedsTest {
    @Test
    void weightSeedIsNeverZeroAndStable() {
        for (long seed = -1000; seed <= 1000; seed++) {
            assertNotEquals(0L, TrialSeeds.weights(seed), "seed " + seed);
        }
        assertEquals(TrialSeeds.weights(42), TrialSeeds.weights(42));
        assertNotEquals(TrialSeeds.weights(1), TrialSeeds.weights(2));
        assertNotEquals(TrialSeeds.dataOrder(1, 1), TrialSeeds.dataOrder(1, 2));
        assertNotEquals(TrialSeeds.dataOrder(1, 1), TrialSeeds.weights(1));
    }
}
