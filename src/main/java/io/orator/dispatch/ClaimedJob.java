package io.orator.dispatch;

import java.time.Instant;
import java.util.UUID;

/** A job this node has taken from the queue: it alone runs this attempt until the deadline. */
public record ClaimedJob(UUID id, int attempt, int characters, Instant deadline) {
}
