package io.orator.voices.espeak;

import io.orator.voices.Voice;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The voices Orator offers from espeak-ng: a curated set of clearly distinct English voice
 * variants, then one voice for every language espeak-ng lists (English accents included).
 */
final class EspeakVoiceCatalog {

    /** One offered voice and the name espeak-ng selects it by. */
    record Entry(Voice voice, String espeakName) {
    }

    private record Variant(String id, String espeakName, String language, String description) {
    }

    /**
     * Variants that differ clearly in pitch range, formants (long-term spectrum) or pacing when
     * measured on the same sentence; espeak-ng has more ({@code voices/!v}), but most measure
     * close to one of these.
     */
    private static final List<Variant> ENGLISH_VARIANTS = List.of(
            new Variant("en-us-f3", "en-us+f3", "en-US", "US English, female voice 3"),
            new Variant("en-us-m7", "en-us+m7", "en-US", "US English, male voice 7"),
            new Variant("en-us-f5", "en-us+f5", "en-US", "US English, female voice 5, breathy"),
            new Variant("en-us-m1", "en-us+m1", "en-US", "US English, male voice 1"),
            new Variant("en-us-f1", "en-us+f1", "en-US", "US English, female voice 1"),
            new Variant("en-us-m4", "en-us+m4", "en-US", "US English, male voice 4"),
            new Variant("en-us-m8", "en-us+m8", "en-US", "US English, male voice 8, deep"),
            // espeak-ng's British English voice file is called "en"; "en-gb" is only its language.
            new Variant("en-gb-m3", "en+m3", "en-GB", "British English, male voice 3"),
            new Variant("en-gb-f2", "en+f2", "en-GB", "British English, female voice 2"));

    private static final String SUFFIX = " (espeak-ng)";

    private EspeakVoiceCatalog() {
    }

    static List<Entry> build(List<EspeakRuntime.ListedVoice> listed, String engine, int sampleRate) {
        List<Entry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Variant variant : ENGLISH_VARIANTS) {
            ids.add(variant.id());
            entries.add(new Entry(new Voice(variant.id(), engine, variant.language(), sampleRate,
                    variant.description() + SUFFIX), variant.espeakName()));
        }
        for (EspeakRuntime.ListedVoice voice : listed) {
            if (voice.languages().isEmpty()) {
                continue;
            }
            String language = voice.languages().get(0);
            String id = uniqueId(ids, language, voice.identifier());
            ids.add(id);
            entries.add(new Entry(new Voice(id, engine, languageTag(language), sampleRate,
                    voice.name().replace('_', ' ') + SUFFIX), voice.identifier()));
        }
        return List.copyOf(entries);
    }

    /**
     * The voice's main language code ({@code de}, {@code pt-br}); when two voices share it (the
     * two Cantonese voices), the later one is named after its file ({@code yue-latn-jyutping}).
     */
    private static String uniqueId(Set<String> taken, String language, String identifier) {
        String id = urlSafe(language);
        if (taken.contains(id)) {
            id = urlSafe(identifier.substring(identifier.lastIndexOf('/') + 1));
        }
        String base = id;
        for (int n = 2; taken.contains(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    static String urlSafe(String code) {
        String id = code.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return id.replaceAll("^-+|-+$", "");
    }

    /** espeak-ng's lower-case code as a BCP 47 tag ({@code pt-br} → {@code pt-BR}), or as given when it is not well-formed. */
    static String languageTag(String code) {
        String tag = Locale.forLanguageTag(code).toLanguageTag();
        return "und".equals(tag) ? code : tag;
    }
}
