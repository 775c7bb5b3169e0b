package io.orator.voices;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which espeak-ng voice speaks text in a language other than a voice's own (SSML's
 * {@code xml:lang}): espeak-ng's voice for that language, keeping the voice's variant. A
 * language that only differs by region ({@code en-GB} for an {@code en-us} voice) keeps the voice:
 * its timbre matters more to a listener than the accent.
 */
public final class Languages {

    private Languages() {
    }

    /**
     * espeak-ng voice names to try, in order; the last is always {@code espeakName} itself.
     *
     * @param voiceLanguage the voice's language ({@code en-us}, {@code en_US})
     * @param requested     a BCP 47 language, or {@code null}
     */
    public static List<String> espeakVoicesFor(String espeakName, String voiceLanguage, String requested) {
        if (requested == null || primary(requested).equals(primary(voiceLanguage))) {
            return List.of(espeakName);
        }
        int plus = espeakName.indexOf('+');
        String variant = plus < 0 ? "" : espeakName.substring(plus);
        String tag = requested.toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        names.add(tag + variant);
        if (!primary(requested).equals(tag)) {
            names.add(primary(requested) + variant);
        }
        names.add(espeakName);
        return names;
    }

    private static String primary(String language) {
        if (language == null) {
            return "";
        }
        String lower = language.toLowerCase(Locale.ROOT);
        int cut = lower.indexOf('-') >= 0 ? lower.indexOf('-') : lower.indexOf('_');
        return cut < 0 ? lower : lower.substring(0, cut);
    }
}
