package org.normsweep.trial;

/**
 * Derives the random streams of a trial from its one {@code seed}: initial weights and each epoch's data
 * order get unrelated, well-mixed seeds (SplitMix64), so seeds 1 and 2 do not give correlated runs.
 */
public final class TrialSeeds {
    private TrialSeeds() {}

    /**
     * The seed handed to DL4J for weight initialisation. Never 0: DL4J treats a configuration seed of
     * 0 as "no seed" and initialises from its process-wide generator's current state, which made
     * {@code seed: 0} trials non-reproducible.
     */
    public static long weights(long seed) {
        long s = mix(seed ^ 0x5EEDL);
        return s == 0 ? 1 : s;
    }

    /** The seed of epoch {@code epoch}'s shuffle (epochs count from 1). */
    public static long dataOrder(long seed, int epoch) {
        return mix(mix(seed ^ 0xDA7AL) + epoch);
    }

    /** SplitMix64's finaliser: a bijection on 64-bit values that scatters nearby inputs. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
