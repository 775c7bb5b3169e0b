package io.orator.openai;

import io.orator.voices.SpeakerVoice;
import io.orator.voices.VoiceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * OpenAI's voice names on Orator's voices. Each name maps to an Orator voice, by default one of
 * the embedded English voices, and {@code orator.openai.voice.<name>} (for instance
 * {@code orator.openai.voice.nova=en_US-amy-medium}) maps it to any other; an Orator voice id
 * works as a voice name too.
 */
@ApplicationScoped
public class OpenAiVoices {

    /** OpenAI's voices, each with its default: female and male voices alternate as in OpenAI's set. */
    static final Map<String, String> DEFAULTS = defaults();

    @Inject
    VoiceRegistry voices;

    private static Map<String, String> defaults() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("alloy", "en-us-f3");
        map.put("ash", "en-us-m7");
        map.put("ballad", "en-us-m1");
        map.put("coral", "en-us-f5");
        map.put("echo", "en-us-m7");
        map.put("fable", "en-us-m1");
        map.put("onyx", "en-us-m7");
        map.put("nova", "en-us-f3");
        map.put("sage", "en-us-f5");
        map.put("shimmer", "en-us-f5");
        map.put("verse", "en-us-m1");
        map.put("marin", "en-us-f3");
        map.put("cedar", "en-us-m7");
        return map;
    }

    /** The Orator voice an OpenAI name maps to now. */
    String oratorVoiceOf(String openAiName) {
        return ConfigProvider.getConfig().getOptionalValue("orator.openai.voice." + openAiName, String.class)
                .orElse(DEFAULTS.get(openAiName));
    }

    /** The voice a request names: an OpenAI name, then an Orator voice id. */
    public Optional<SpeakerVoice> resolve(String name) {
        if (DEFAULTS.containsKey(name)) {
            return voices.speakerVoice(oratorVoiceOf(name));
        }
        return voices.speakerVoice(name);
    }

    /** Every name a request may use: OpenAI's, then Orator's voice ids. */
    public List<String> names() {
        List<String> names = new java.util.ArrayList<>(DEFAULTS.keySet());
        voices.all().forEach(v -> names.add(v.id()));
        return names;
    }
}
