package io.orator.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * One attempt at a job, taken from the queue by one node: only this node, in this attempt, may
 * write the job's progress and outcome until the deadline. A later attempt (after a recovery or
 * an operator's retry) makes every write of this one a no-op.
 */
public record Claim(UUID id, String node, int attempt, int characters, Instant deadline) {
}
