package io.orator.synthesis;

/**
 * Called by the pipeline between chunks: where progress is reported and where a job can be
 * stopped (cancelled, past its deadline) by throwing {@link SynthesisStopped}.
 */
@FunctionalInterface
public interface Checkpoint {

    void reached(int chunksDone, int chunksTotal, double audioSeconds);
}
