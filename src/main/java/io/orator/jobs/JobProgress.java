package io.orator.jobs;

import java.util.UUID;

/**
 * A running job's position after a chunk, fired by the worker as a CDI event at every
 * checkpoint. It lives in memory only: the database gets progress at its own, slower interval.
 *
 * @param attempt      which run of the job this is (1 for the first)
 * @param audioSeconds audio written so far
 */
public record JobProgress(UUID jobId, int attempt, int chunksDone, int chunksTotal, double audioSeconds) {

    public double fraction() {
        return chunksTotal == 0 ? 0 : (double) chunksDone / chunksTotal;
    }
}
