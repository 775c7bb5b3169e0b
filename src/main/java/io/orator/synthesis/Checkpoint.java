package io.orator.synthesis;

/**
 * Called by the pipeline between chunks: where progress is reported and where a job can be
 * stopped (cancelled, past its deadline) by throwing {@link SynthesisStopped}.
 */
public interface Checkpoint {

    void reached(int chunksDone, int chunksTotal, double audioSeconds);

    /**
     * Asked by the engine while it speaks one chunk, many times a second: throws
     * {@link SynthesisStopped} when the job must stop now, so a cancel or the deadline does not
     * wait for a long chunk to end. Must be cheap (no database). A checkpoint that only stops
     * between chunks need not implement it.
     */
    default void stopIfDue() {
    }
}
