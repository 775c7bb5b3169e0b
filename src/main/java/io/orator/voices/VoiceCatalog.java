package io.orator.voices;

import io.orator.voices.piper.PackProblem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable generation of the voice list: the voices that work, the packs that do not and
 * why, and the neural engines behind them. A rescan builds a new catalogue and swaps it in whole.
 */
record VoiceCatalog(Map<String, SpeakerVoice> voices, List<PackProblem> problems, List<SpeechEngine> neuralEngines) {

    VoiceCatalog {
        voices = Collections.unmodifiableMap(new LinkedHashMap<>(voices));
        problems = List.copyOf(problems);
        neuralEngines = List.copyOf(neuralEngines);
    }

    static VoiceCatalog empty() {
        return new VoiceCatalog(Map.of(), List.of(), List.of());
    }
}
