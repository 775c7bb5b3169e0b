package io.orator.jobs;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/syntheses}: a script or turns, voices, speed, retention, audio
 * format, and where to send the job's final state.
 */
public record SubmissionRequest(
        String script,
        @Valid List<TurnRequest> turns,
        Map<String, String> voices,
        @DecimalMin(value = "0.25", message = "must be between 0.25 and 4.0")
        @DecimalMax(value = "4.0", message = "must be between 0.25 and 4.0")
        Double speed,
        @Min(value = 1, message = "must be at least 1 hour")
        Integer retentionHours,
        String format,
        String webhookUrl) {

    /** One entry of the {@code turns} form. */
    public record TurnRequest(
            @NotNull(message = "is required") Integer speaker,
            @NotNull(message = "is required") String text) {
    }
}
