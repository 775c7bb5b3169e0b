package io.orator.jobs;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/syntheses}: a script, an SSML document or turns (each of text
 * or SSML), voices, speed, retention, audio format, and where to send the job's final state.
 */
public record SubmissionRequest(
        String script,
        String ssml,
        @Valid List<TurnRequest> turns,
        Map<String, String> voices,
        @DecimalMin(value = "0.25", message = "must be between 0.25 and 4.0")
        @DecimalMax(value = "4.0", message = "must be between 0.25 and 4.0")
        Double speed,
        @Min(value = 1, message = "must be at least 1 hour")
        Integer retentionHours,
        String format,
        String webhookUrl) {

    /** The one JSON-B reads requests with. */
    @JsonbCreator
    public SubmissionRequest {
    }

    /** A request of a script or turns. */
    public SubmissionRequest(String script, List<TurnRequest> turns, Map<String, String> voices, Double speed,
                             Integer retentionHours, String format, String webhookUrl) {
        this(script, null, turns, voices, speed, retentionHours, format, webhookUrl);
    }

    /** One entry of the {@code turns} form: its text, or an SSML document. */
    public record TurnRequest(
            @NotNull(message = "is required") Integer speaker,
            String text,
            String ssml) {

        /** The one JSON-B reads turns with. */
        @JsonbCreator
        public TurnRequest {
        }

        public TurnRequest(Integer speaker, String text) {
            this(speaker, text, null);
        }
    }
}
