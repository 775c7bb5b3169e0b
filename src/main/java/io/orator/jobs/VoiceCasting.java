package io.orator.jobs;

import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import io.orator.voices.VoiceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Gives each speaker of a submitted script a voice: the one requested, or a default no other
 * speaker of the job has, so every speaker sounds different. Part of validating a submission.
 */
@ApplicationScoped
public class VoiceCasting {

    @Inject
    VoiceRegistry voices;

    /**
     * @param requested voice ids by speaker number as the client wrote it; may be null
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
                } else if (voiceId == null || voices.speakerVoice(voiceId).isEmpty()) {
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
        List<String> defaults = voices.defaultSpeakerVoices();
        Set<String> taken = new HashSet<>(cast.values());
        List<String> spare = new ArrayList<>(defaults.stream().filter(v -> !taken.contains(v)).toList());
        for (Integer speaker : speakers) {
            if (!cast.containsKey(speaker)) {
                cast.put(speaker, spare.isEmpty() ? defaults.get(0) : spare.remove(0));
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
