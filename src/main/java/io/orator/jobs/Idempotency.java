package io.orator.jobs;

import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import io.orator.platform.Sha256;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A submission's {@code Idempotency-Key} and a digest of what it asked for. Two requests ask
 * for the same thing when their fields are equal, however the JSON was laid out.
 */
public record Idempotency(String key, String requestSha256) {

    static final int MAX_KEY_LENGTH = 255;
    static final String HEADER = "Idempotency-Key";

    /** The key of a request, or a 422 naming the header when it is not 1–255 printable ASCII characters. */
    public static Idempotency of(String key, SubmissionRequest request) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ProblemException.invalid("Not a usable Idempotency-Key",
                    List.of(new FieldError(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters without spaces")));
        }
        return new Idempotency(key, Sha256.hex(canonical(request)));
    }

    /** The request's fields in a fixed order, voices sorted by speaker. */
    static String canonical(SubmissionRequest request) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        if (request.script() != null) {
            json.add("script", request.script());
        }
        if (request.ssml() != null) {
            json.add("ssml", request.ssml());
        }
        if (request.turns() != null) {
            JsonArrayBuilder turns = Json.createArrayBuilder();
            request.turns().forEach(t -> {
                JsonObjectBuilder turn = Json.createObjectBuilder()
                        .add("speaker", t.speaker() == null ? -1 : t.speaker())
                        .add("text", t.text() == null ? "" : t.text());
                // Added only when given, so a key remembered before SSML existed still matches its retry.
                if (t.ssml() != null) {
                    turn.add("ssml", t.ssml());
                }
                turns.add(turn);
            });
            json.add("turns", turns);
        }
        if (request.voices() != null) {
            JsonObjectBuilder voices = Json.createObjectBuilder();
            new TreeMap<>(request.voices()).forEach((speaker, voice) -> voices.add(speaker, voice == null ? "" : voice));
            json.add("voices", voices);
        }
        if (request.speed() != null) {
            json.add("speed", request.speed());
        }
        if (request.format() != null) {
            json.add("format", request.format());
        }
        if (request.retentionHours() != null) {
            json.add("retentionHours", request.retentionHours());
        }
        if (request.webhookUrl() != null) {
            json.add("webhookUrl", request.webhookUrl());
        }
        return json.build().toString();
    }

    static ProblemException reusedWithAnotherRequest(String key) {
        return new ProblemException(422, "idempotency-key-reused", "Idempotency-Key reused",
                "Idempotency-Key " + key + " was used for a different request", List.of(new FieldError(HEADER,
                "was used for a request with other fields")), Map.of());
    }
}
