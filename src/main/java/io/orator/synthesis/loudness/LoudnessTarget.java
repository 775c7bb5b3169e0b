package io.orator.synthesis.loudness;

import java.util.Locale;
import java.util.OptionalDouble;

/** The setting {@code orator.loudness.target}: an integrated loudness in LUFS, or {@code off}. */
public final class LoudnessTarget {

    /** −16 LUFS: what podcast platforms normalise speech to. */
    public static final String PODCAST = "-16";

    private LoudnessTarget() {
    }

    /**
     * @return the target in LUFS, or empty for {@code off}
     * @throws IllegalArgumentException for anything else, or a target outside −70..0 LUFS
     */
    public static OptionalDouble parse(String setting) {
        String value = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        if (value.equals("off")) {
            return OptionalDouble.empty();
        }
        double target;
        try {
            target = Double.parseDouble(value.endsWith("lufs") ? value.substring(0, value.length() - 4).trim() : value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("orator.loudness.target is '" + setting
                    + "': give a loudness in LUFS (-16 for podcasts, -23 for broadcast) or off");
        }
        if (!(target >= -70 && target <= 0)) {
            throw new IllegalArgumentException("orator.loudness.target " + setting + " is outside -70..0 LUFS");
        }
        return OptionalDouble.of(target);
    }
}
