package org.normsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.normsweep.report.Tolerances.Kind.ACCURACY;
import static org.normsweep.report.Tolerances.Kind.EXACT;
import static org.normsweep.report.Tolerances.Kind.LOSS;
import static org.normsweep.report.Tolerances.Kind.MAGNITUDE;

import org.junit.jupiter.api.Test;

/** What counts as moved, and how a move reads. */
class TolerancesTest {
    private static final Tolerances T = Tolerances.DEFAULTS;

    @Test
    void accuraciesMoveByAnAbsoluteAmount() {
        assertFalse(T.moved(ACCURACY, 0.8, 0.8049));
        assertTrue(T.moved(ACCURACY, 0.8, 0.8051));
        assertTrue(T.moved(ACCURACY, 0.8051, 0.8));
        assertTrue(new Tolerances(0, 0, 0).moved(ACCURACY, 0.8, Math.nextUp(0.8)), "0 means any change");
    }

    @Test
    void lossesAndMagnitudesMoveRelativeToTheirSize() {
        assertFalse(T.moved(LOSS, 2.3, 2.302));
        assertTrue(T.moved(LOSS, 0.01, 0.0101), "1% of a small loss moves");
        assertFalse(T.moved(MAGNITUDE, 1.0e-5, 1.0009e-5));
        assertTrue(T.moved(MAGNITUDE, 1.0e-5, 1.002e-5));
        assertFalse(T.moved(MAGNITUDE, 0.0, -0.0));
        assertTrue(T.moved(MAGNITUDE, 0.0, 1e-300), "nothing is within a relative tolerance of 0 but 0");
    }

    @Test
    void equalValuesNeverMoveAndNonFiniteOnesMoveAgainstAnythingElse() {
        assertFalse(T.moved(LOSS, Double.NaN, Double.NaN), "diverged the same way twice");
        assertFalse(T.moved(LOSS, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertTrue(T.moved(LOSS, 0.5, Double.NaN));
        assertTrue(T.moved(ACCURACY, Double.NaN, 0.5));
        assertTrue(T.moved(ACCURACY, null, 0.5));
        assertFalse(T.moved(ACCURACY, null, null));
        assertTrue(T.moved(EXACT, "COMPLETED", "DIVERGED"));
        assertTrue(T.moved(EXACT, 2, 1));
        assertFalse(T.moved(EXACT, 2, 2));
    }

    @Test
    void aChangeReadsOldArrowNewWithItsDelta() {
        assertEquals("0.5 -> 0.45 (-0.05)", Tolerances.change(ACCURACY, 0.5, 0.45));
        assertEquals("0.001 -> 0.0011 (+10%)", Tolerances.change(MAGNITUDE, 1e-3, 1.1e-3));
        assertEquals("1.23457e-05 -> 2e-05 (+62%)", Tolerances.change(MAGNITUDE, 1.2345678e-5, 2e-5));
        assertEquals("2 -> 1", Tolerances.change(EXACT, 2, 1));
        assertEquals("COMPLETED -> FAILED", Tolerances.change(EXACT, "COMPLETED", "FAILED"));
        assertEquals("0.45 -> NaN", Tolerances.change(ACCURACY, 0.45, Double.NaN));
        assertEquals("0 -> 0.25 (+0.25)", Tolerances.change(LOSS, 0.0, 0.25));
        assertEquals(
                "0.30000000000000004 -> 0.3 (-1.85e-14%)",
                Tolerances.change(LOSS, 0.1 + 0.2, 0.3), "all the digits where six would read the same");
    }

    @Test
    void aNegativeOrNaNToleranceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Tolerances(-0.1, 0, 0));
        assertEquals("the accuracy tolerance must be a number >= 0, found -0.1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Tolerances(0, Double.NaN, 0));
    }
}
