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

    /**
     * A segment of the job's audio is complete in its temporary files, at a sentence's end: keep
     * it (and where the job continues after it) to spare an interrupted job from starting over.
     * Called between chunks, at most every segment length; a checkpoint that keeps nothing need
     * not implement it.
     */
    default void segmentDone(Segment segment) throws java.io.IOException {
    }

    /**
     * Whether a segment should be kept at the next sentence's end whatever its length: the job
     * is about to be handed to another node, which continues after it.
     */
    default boolean segmentWanted() {
        return false;
    }
}
