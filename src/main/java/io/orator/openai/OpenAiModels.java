package io.orator.openai;

import io.orator.voices.Voice;
import io.orator.voices.VoiceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The model names a speech request may give: OpenAI's speech models (all served by Orator's
 * voices; the voice decides how it sounds) and the names of Orator's engines.
 */
@ApplicationScoped
public class OpenAiModels {

    static final List<String> OPENAI_MODELS = List.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts");

    @Inject
    VoiceRegistry voices;

    public List<String> names() {
        Set<String> names = new LinkedHashSet<>(OPENAI_MODELS);
        voices.all().stream().map(Voice::engine).sorted().forEach(names::add);
        return new ArrayList<>(names);
    }

    public boolean accepts(String model) {
        return names().contains(model);
    }
}
