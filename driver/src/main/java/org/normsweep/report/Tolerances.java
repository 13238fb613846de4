package org.normsweep.report;

import java.util.Locale;
import java.util.Objects;

/**
 * How far a quantity may move between two attempts of a trial before {@code diff} reports it. Re-runs at equal
 * thread counts are bit-identical here, so the defaults are tight: they let through only float noise (another thread
 * count reorders float sums) and catch a change of code, data or library that moves the science.
 *
 * @param accuracy          absolute, in accuracy's own units (a fraction): 0.005 is half a percentage point, 50 of
 *                          Fashion-MNIST's 10000 test images
 * @param lossRelative      relative to the larger of the two losses, so a late-training loss of 0.01 is held as tightly
 *                          as a first-epoch 2.3
 * @param magnitudeRelative relative, for activation and gradient magnitudes, which span orders of magnitude across
 *                          layers and epochs (a gradient of 1e-5 and an activation of 0.5 in one trial)
 */
public record Tolerances(double accuracy, double lossRelative, double magnitudeRelative) {
    public static final Tolerances DEFAULTS = new Tolerances(0.005, 1e-3, 1e-3);

    /** What kind of number a quantity is, which says how it is compared. */
    public enum Kind {
        /** A status or a count: any change moves it. */
        EXACT,
        /** An accuracy: moved past {@link #accuracy()} (absolute). */
        ACCURACY,
        /** A loss: moved past {@link #lossRelative()} (relative). */
        LOSS,
        /** An activation or gradient magnitude: moved past {@link #magnitudeRelative()} (relative). */
        MAGNITUDE
    }

    public Tolerances {
        check("accuracy", accuracy);
        check("loss", lossRelative);
        check("magnitude", magnitudeRelative);
    }

    private static void check(String what, double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("the " + what + " tolerance must be a number >= 0, found " + tolerance);
        }
    }

    /**
     * Whether {@code old} and {@code now} (column values: a string, a number or null) differ past this tolerance.
     * Equal values never move (NaN equals NaN: a trial that diverged the same way twice has not moved); a null, NaN or
     * infinity against anything else always does.
     */
    public boolean moved(Kind kind, Object old, Object now) {
        if (Objects.equals(old, now)) {
            return false;
        }
        if (kind == Kind.EXACT || !(old instanceof Number o) || !(now instanceof Number n)) {
            return true;
        }
        double a = o.doubleValue();
        double b = n.doubleValue();
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return a != b;
        }
        double change = Math.abs(b - a);
        return switch (kind) {
            case ACCURACY -> change > accuracy;
            case LOSS -> change > lossRelative * Math.max(Math.abs(a), Math.abs(b));
            case MAGNITUDE -> change > magnitudeRelative * Math.max(Math.abs(a), Math.abs(b));
            case EXACT -> true;
        };
    }

    /**
     * {@code OLD -> NEW (DELTA)}: numbers to six significant digits (all of them where six would print the same
     * text twice), accuracies' delta absolute, losses' and magnitudes' relative to the old value.
     */
    public static String change(Kind kind, Object old, Object now) {
        String a = text(old, false);
        String b = text(now, false);
        if (a.equals(b)) {
            a = text(old, true);
            b = text(now, true);
        }
        String delta = delta(kind, old, now);
        return a + " -> " + b + (delta.isEmpty() ? "" : " (" + delta + ")");
    }

    private static String text(Object value, boolean exact) {
        if (value instanceof Double d && !exact && Double.isFinite(d)) {
            return d == 0 ? "0" : trimmed(String.format(Locale.ROOT, "%.6g", d));
        }
        return String.valueOf(value);
    }

    /** {@code 0.804700} as {@code 0.8047}, {@code 1.00000e-05} as {@code 1e-05}. */
    private static String trimmed(String number) {
        return number.replaceFirst("(\\.\\d*?)0+(e|%|$)", "$1$2").replaceFirst("\\.(e|%|$)", "$1");
    }

    private static String delta(Kind kind, Object old, Object now) {
        if (kind == Kind.EXACT || !(old instanceof Number o) || !(now instanceof Number n)) {
            return "";
        }
        double a = o.doubleValue();
        double b = n.doubleValue();
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return "";
        }
        if (kind == Kind.ACCURACY || a == 0) {
            return trimmed(String.format(Locale.ROOT, "%+.3g", b - a));
        }
        return trimmed(String.format(Locale.ROOT, "%+.3g%%", 100 * (b - a) / Math.abs(a)));
    }
}
