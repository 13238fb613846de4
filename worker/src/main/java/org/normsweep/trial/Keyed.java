package org.normsweep.trial;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Sweep-file names of enum settings: the constant's name in lower case ({@code FREEZE_GAMMA} is {@code freeze_gamma}). */
public final class Keyed {
    private Keyed() {}

    public static String key(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant named {@code key}; the error lists the known names. */
    public static <E extends Enum<E>> E parse(Class<E> type, String key) {
        for (E e : type.getEnumConstants()) {
            if (key(e).equals(key)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown value '" + key + "', known: " + known(type));
    }

    public static <E extends Enum<E>> String known(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Keyed::key).collect(Collectors.joining(", "));
    }
}
