package io.orator.jobs;

import io.orator.synthesis.ScriptLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The configurable limits on what one submission may ask for, and on the queue. */
@ApplicationScoped
public class JobLimits {

    @Inject
    @ConfigProperty(name = "orator.limits.max-speakers", defaultValue = "" + ScriptLimits.DEFAULT_MAX_SPEAKERS)
    int maxSpeakers;

    @Inject
    @ConfigProperty(name = "orator.limits.max-characters", defaultValue = "" + ScriptLimits.DEFAULT_MAX_CHARACTERS)
    int maxCharacters;

    @Inject
    @ConfigProperty(name = "orator.limits.max-turns", defaultValue = "" + ScriptLimits.DEFAULT_MAX_TURNS)
    int maxTurns;

    @Inject
    @ConfigProperty(name = "orator.retention.default-hours", defaultValue = "24")
    int defaultRetentionHours;

    @Inject
    @ConfigProperty(name = "orator.retention.max-hours", defaultValue = "720")
    int maxRetentionHours;

    @Inject
    @ConfigProperty(name = "orator.queue.max-depth", defaultValue = "1000")
    int maxQueueDepth;

    @Inject
    @ConfigProperty(name = "orator.queue.retry-after-seconds", defaultValue = "30")
    int retryAfterSeconds;

    public ScriptLimits script() {
        return new ScriptLimits(maxSpeakers, maxCharacters, maxTurns);
    }

    public int maxSpeakers() { return maxSpeakers; }
    public int defaultRetentionHours() { return defaultRetentionHours; }
    public int maxRetentionHours() { return maxRetentionHours; }
    public int maxQueueDepth() { return maxQueueDepth; }
    public int retryAfterSeconds() { return retryAfterSeconds; }
}
