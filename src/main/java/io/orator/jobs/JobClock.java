package io.orator.jobs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one clock of job rows. Truncated to microseconds, the finest every supported database
 * stores, so a time read back equals the time written (cursors and conditions compare them).
 */
public final class JobClock {

    private JobClock() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
