package org.normsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping s = new EarlyStopping(2);
        assertFalse(s.shouldStop(1, 1.0));
        assertFalse(s.shouldStop(2, 0.8));
        assertFalse(s.shouldStop(3, 0.9));
        assertFalse(s.shouldStop(4, 0.7), "an improvement resets the count");
        assertFalse(s.shouldStop(5, 0.7), "equal is not better");
        assertTrue(s.shouldStop(6, 0.75));
        assertEquals(4, s.bestEpoch());
    }

    @Test
    void patienceZeroNeverStops() {
        EarlyStopping s = new EarlyStopping(0);
        for (int e = 1; e < 10; e++) {
            assertFalse(s.shouldStop(e, e));
        }
        assertEquals(1, s.bestEpoch());
    }
}
