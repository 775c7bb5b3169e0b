package io.orator.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * What each client may use. Every limit has a default for all clients
 * ({@code orator.clients.<limit>}) and a per-client override
 * ({@code orator.client.<client>.<limit>}, as an environment variable
 * {@code ORATOR_CLIENT_<CLIENT>_<LIMIT>}); 0 means no limit. Read at each use, so a changed
 * limit applies at once.
 */
@ApplicationScoped
public class ClientLimits {

    /** The limits, with their configuration names and defaults. */
    public enum Limit {
        /** Jobs of the client waiting in the queue. */
        QUEUED_JOBS("max-queued-jobs", 200),
        /** Characters of text submitted per UTC day, over all servers. */
        CHARACTERS_PER_DAY("max-characters-per-day", 0),
        /** Submissions per second, on each server. */
        SUBMISSIONS_PER_SECOND("max-submissions-per-second", 0),
        /** Event streams the client has open, on each server. */
        EVENT_STREAMS("max-event-streams", 100),
        /** Bytes of audio kept for the client; past it the cleanup removes the client's own oldest. */
        AUDIO_BYTES("max-audio-bytes", 0);

        private final String key;
        private final long byDefault;

        Limit(String key, long byDefault) {
            this.key = key;
            this.byDefault = byDefault;
        }

        /** The name operators set it by. */
        public String key() {
            return key;
        }
    }

    @Inject
    Config config;

    /** The client's limit: its own, else every client's; 0 for none. */
    public long of(String client, Limit limit) {
        return config.getOptionalValue("orator.client." + client + "." + limit.key, Long.class)
                .or(() -> config.getOptionalValue("orator.clients." + limit.key, Long.class))
                .orElse(limit.byDefault);
    }
}
