package io.orator.jobs;

import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import io.orator.synthesis.encoding.AudioFormat;
import java.util.List;
import java.util.Locale;

/** A format named in a request (a submission's {@code format}, a download's {@code ?format=}). */
final class AudioFormats {

    private AudioFormats() {
    }

    /** {@code wav} when absent; an unknown or unavailable format is a 422 naming {@code field}. */
    static AudioFormat requested(String field, String name) {
        if (name == null || name.isBlank()) {
            return AudioFormat.WAV;
        }
        AudioFormat format = AudioFormat.of(name.trim().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> ProblemException.invalid("Unknown audio format " + name,
                        List.of(new FieldError(field, "must be one of " + AudioFormat.availableNames()
                                + " (GET /api/v1/formats)"))));
        if (!format.available()) {
            throw ProblemException.invalid("Audio format " + format.wireName() + " is not available on this server",
                    List.of(new FieldError(field, format.wireName() + " needs " + format.requires()
                            + " on the server; available: " + AudioFormat.availableNames())));
        }
        return format;
    }
}
