package io.orator.openai;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many speech requests this server speaks at once ({@code orator.openai.max-concurrent-speech},
 * 4): they take turns on the one engine, so more would only wait; one more is answered 429.
 */
@ApplicationScoped
public class SpeechAdmission {

    @Inject
    @ConfigProperty(name = "orator.openai.max-concurrent-speech", defaultValue = "4")
    int maxConcurrent;

    @Inject
    @ConfigProperty(name = "orator.openai.max-input-characters", defaultValue = "4096")
    int maxInputCharacters;

    private final AtomicInteger speaking = new AtomicInteger();

    /** Takes a place, or throws the 429. */
    void enter() {
        if (speaking.incrementAndGet() > maxConcurrent) {
            speaking.decrementAndGet();
            throw new OpenAiError(429, "rate_limit_error", null, "rate_limit_exceeded", "This server is speaking "
                    + maxConcurrent + " requests already; retry shortly, or submit a job: POST /api/v1/syntheses",
                    Map.of("Retry-After", "1"));
        }
    }

    void leave() {
        speaking.decrementAndGet();
    }

    int maxInputCharacters() {
        return maxInputCharacters;
    }
}
