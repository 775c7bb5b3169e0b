package io.orator.synthesis.ssml;

import io.orator.synthesis.Delivery;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSML's attribute values as numbers: break times and strengths, prosody rates, pitches and
 * volumes, emphasis levels, languages. A value that is not one throws
 * {@link IllegalArgumentException} with a sentence saying what would be.
 */
final class SsmlValues {

    /** The longest break, as the commercial APIs allow. */
    static final int MAX_BREAK_MILLIS = 10_000;
    /** Quieter than this is silence; louder would only clip. */
    private static final double MIN_VOLUME_DB = -96;
    private static final double MAX_VOLUME_DB = 20;
    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)", Pattern.CASE_INSENSITIVE);
    private static final Pattern RELATIVE = Pattern.compile("([+-]?)(\\d+(?:\\.\\d+)?)\\s*(%|st|db|hz)?",
            Pattern.CASE_INSENSITIVE);
    /** As Azure's batch synthesis times them. */
    private static final Map<String, Integer> BREAK_STRENGTHS = Map.of("none", 0, "x-weak", 250, "weak", 500,
            "medium", 750, "strong", 1000, "x-strong", 1250);
    private static final Map<String, Double> RATES = Map.of("x-slow", 0.5, "slow", 0.75, "medium", 1.0,
            "fast", 1.25, "x-fast", 1.75, "default", 1.0);
    private static final Map<String, Double> PITCHES = Map.of("x-low", 0.8, "low", 0.9, "medium", 1.0,
            "high", 1.1, "x-high", 1.2, "default", 1.0);
    private static final Map<String, Double> VOLUMES = Map.of("silent", MIN_VOLUME_DB, "x-soft", -12.0, "soft", -6.0,
            "medium", 0.0, "loud", 6.0, "x-loud", 10.0, "default", 0.0);

    private SsmlValues() {
    }

    /** A break's length: its {@code time} when given, else its {@code strength}, else medium. */
    static int breakMillis(String time, String strength) {
        if (time != null) {
            Matcher value = TIME.matcher(time.strip());
            if (!value.matches()) {
                throw new IllegalArgumentException("<break> time '" + time + "' is not a duration such as 500ms or 1.5s");
            }
            double millis = Double.parseDouble(value.group(1)) * (value.group(2).equalsIgnoreCase("s") ? 1000 : 1);
            if (millis > MAX_BREAK_MILLIS) {
                throw new IllegalArgumentException("<break> time '" + time + "' is longer than "
                        + MAX_BREAK_MILLIS / 1000 + "s");
            }
            return (int) Math.round(millis);
        }
        if (strength == null) {
            return BREAK_STRENGTHS.get("medium");
        }
        Integer millis = BREAK_STRENGTHS.get(strength.strip().toLowerCase(Locale.ROOT));
        if (millis == null) {
            throw new IllegalArgumentException("<break> strength '" + strength
                    + "' is not one of none, x-weak, weak, medium, strong, x-strong");
        }
        return millis;
    }

    /** A rate factor: a name, a percentage (absolute, or relative with a sign) or a factor. */
    static double rate(String value) {
        return factor(value, RATES, "rate", "x-slow..x-fast, a percentage (80%, +10%) or a factor (1.2)");
    }

    /** A pitch factor: a name, a relative percentage or semitones; hertz need a voice's own pitch, unknown here. */
    static double pitch(String value) {
        return factor(value, PITCHES, "pitch", "x-low..x-high, a percentage (+10%) or semitones (-2st)");
    }

    /** A volume in decibels: a name, decibels (+6dB), a relative percentage (+50%), or 0..100 of full volume. */
    static double volumeDb(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        Double named = VOLUMES.get(v);
        if (named != null) {
            return named;
        }
        Amount amount = Amount.read(v);
        if (amount == null || amount.unit.equals("st") || amount.unit.equals("hz")) {
            throw new IllegalArgumentException("<prosody> volume '" + value + "' is not silent..x-loud, decibels "
                    + "(+6dB), a percentage (+50%) or a number from 0 to 100");
        }
        double factor = amount.unit.equals("db") ? Math.pow(10, amount.signed() / 20) : amount.percentage();
        return factor <= 0 ? MIN_VOLUME_DB : 20 * Math.log10(factor);
    }

    static double clampVolume(double volumeDb) {
        return Math.max(MIN_VOLUME_DB, Math.min(MAX_VOLUME_DB, volumeDb));
    }

    /** Emphasis as the commercial voices do it: a little slower and louder, or faster and softer. */
    static Delivery emphasis(String level, Delivery delivery) {
        String chosen = level == null ? "moderate" : level.strip().toLowerCase(Locale.ROOT);
        return switch (chosen) {
            case "strong" -> new Delivery(delivery.rate() * 0.9, delivery.pitch() * 1.05,
                    clampVolume(delivery.volumeDb() + 3), delivery.language());
            case "moderate" -> new Delivery(delivery.rate() * 0.95, delivery.pitch(),
                    clampVolume(delivery.volumeDb() + 1.5), delivery.language());
            case "reduced" -> new Delivery(delivery.rate() * 1.1, delivery.pitch(),
                    clampVolume(delivery.volumeDb() - 3), delivery.language());
            case "none" -> delivery;
            default -> throw new IllegalArgumentException("<emphasis> level '" + level
                    + "' is not one of strong, moderate, reduced, none");
        };
    }

    /** A BCP 47 tag, in its canonical form. */
    static String language(String tag) {
        Locale locale = Locale.forLanguageTag(tag.strip());
        if (locale.getLanguage().isEmpty()) {
            throw new IllegalArgumentException("xml:lang '" + tag + "' is not a BCP 47 language tag such as en-US or fr");
        }
        return locale.toLanguageTag();
    }

    private static double factor(String value, Map<String, Double> names, String what, String expected) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        Double named = names.get(v);
        if (named != null) {
            return named;
        }
        Amount amount = Amount.read(v);
        if (amount == null || amount.unit.equals("db") || amount.unit.equals("hz")
                || amount.unit.equals("st") && what.equals("rate")) {
            throw new IllegalArgumentException("<prosody> " + what + " '" + value + "' is not " + expected);
        }
        double factor = switch (amount.unit) {
            case "%" -> amount.percentage();
            case "st" -> Math.pow(2, amount.signed() / 12);
            default -> amount.relative() ? 1 + amount.signed() : amount.signed();
        };
        if (!(factor > 0)) {
            throw new IllegalArgumentException("<prosody> " + what + " '" + value + "' leaves nothing to hear");
        }
        return factor;
    }

    /**
     * A number as prosody values write it: with a sign it changes the voice's own value, without
     * one it is the value.
     *
     * @param unit {@code %}, {@code st}, {@code db}, {@code hz}, or empty
     */
    private record Amount(String sign, double magnitude, String unit) {

        /** The amount in {@code value} (stripped, lower case), or {@code null} when it is not one. */
        static Amount read(String value) {
            Matcher m = RELATIVE.matcher(value);
            return m.matches() ? new Amount(m.group(1), Double.parseDouble(m.group(2)), m.group(3) == null ? "" : m.group(3))
                    : null;
        }

        boolean relative() {
            return !sign.isEmpty();
        }

        double signed() {
            return sign.equals("-") ? -magnitude : magnitude;
        }

        /** A percentage as a factor: {@code 80%} is 0.8, {@code +10%} is 1.1. */
        double percentage() {
            return relative() ? 1 + signed() / 100 : magnitude / 100;
        }
    }
}
