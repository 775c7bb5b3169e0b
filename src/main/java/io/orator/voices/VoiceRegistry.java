package io.orator.voices;

import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import io.orator.storage.DataDirectory;
import io.orator.synthesis.SpeakerVoice;
import io.orator.voices.espeak.EspeakEngine;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every voice this server can speak with, and the engine behind each. Loads and warms the
 * engines at start-up; readiness waits for it.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class VoiceRegistry {

    private static final Logger LOG = Logger.getLogger(VoiceRegistry.class.getName());
    private static final String WARM_UP_TEXT = "Ready.";

    @Inject
    DataDirectory dataDirectory;

    private volatile Map<String, SpeakerVoice> voices = Map.of();
    private volatile List<String> defaultVoices = List.of();
    private final List<SpeechEngine> engines = new ArrayList<>();
    private volatile boolean ready;
    private volatile String problem;

    @PostConstruct
    void load() {
        try {
            EspeakEngine espeak = new EspeakEngine(dataDirectory.resolve("espeak"));
            engines.add(espeak);
            Map<String, SpeakerVoice> loaded = new LinkedHashMap<>();
            for (SpeechEngine engine : engines) {
                engine.voices().forEach(v -> loaded.put(v.id(), new SpeakerVoice(v, engine)));
            }
            voices = Collections.unmodifiableMap(loaded);
            defaultVoices = EspeakEngine.DEFAULT_SPEAKER_VOICES;
            warmUp();
            ready = true;
            LOG.info(() -> "Voices ready: " + loaded.size() + " voices from " + engines.size() + " engine(s)");
        } catch (RuntimeException | Error e) {
            problem = "Loading the embedded voices failed: " + e.getMessage();
            LOG.log(Level.SEVERE, problem, e);
        }
    }

    @PreDestroy
    void close() {
        ready = false;
        engines.forEach(SpeechEngine::close);
        engines.clear();
    }

    /** A short dummy call per default voice, so the first job does not pay for cold native code. */
    private void warmUp() {
        for (String id : defaultVoices) {
            SpeakerVoice voice = voices.get(id);
            try {
                voice.engine().synthesize(voice.voice(), WARM_UP_TEXT, 1.0, (samples, offset, length) -> { });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    public boolean isReady() {
        return ready;
    }

    /** Why the voices are not ready, if they failed to load. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public Collection<Voice> all() {
        return voices.values().stream().map(SpeakerVoice::voice).toList();
    }

    public Optional<SpeakerVoice> speakerVoice(String id) {
        return Optional.ofNullable(voices.get(id));
    }

    /**
     * Gives each speaker of a script a voice: the one requested, or a default no other speaker
     * of the job has, so every speaker sounds different.
     *
     * @throws ProblemException 422 naming each requested voice or speaker key that is wrong
     */
    public SortedMap<Integer, String> cast(List<Integer> speakers, Map<String, String> requested, int maxSpeakers) {
        SortedMap<Integer, String> cast = new TreeMap<>();
        List<FieldError> errors = new ArrayList<>();
        if (requested != null) {
            requested.forEach((key, voiceId) -> {
                Integer speaker = speakerNumber(key, maxSpeakers);
                if (speaker == null) {
                    errors.add(new FieldError("voices." + key, "is not a speaker number from 1 to " + maxSpeakers));
                } else if (voiceId == null || !voices.containsKey(voiceId)) {
                    errors.add(new FieldError("voices." + key, "unknown voice '" + voiceId
                            + "'; GET /api/v1/voices lists the voices of this server"));
                } else if (speakers.contains(speaker)) {
                    cast.put(speaker, voiceId);
                }
            });
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Some requested voices are not available", errors);
        }
        Set<String> taken = new HashSet<>(cast.values());
        List<String> spare = new ArrayList<>(defaultVoices.stream().filter(v -> !taken.contains(v)).toList());
        for (Integer speaker : speakers) {
            if (!cast.containsKey(speaker)) {
                cast.put(speaker, spare.isEmpty() ? defaultVoices.get(0) : spare.remove(0));
            }
        }
        return cast;
    }

    private static Integer speakerNumber(String key, int maxSpeakers) {
        try {
            int speaker = Integer.parseInt(key.trim());
            return speaker >= 1 && speaker <= maxSpeakers ? speaker : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
