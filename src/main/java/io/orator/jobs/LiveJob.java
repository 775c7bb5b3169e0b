package io.orator.jobs;

import java.util.Optional;

/**
 * A job as it is now: its row, with the running attempt's latest progress from memory, which is
 * fresher than the row's (written at most every progress interval). Progress of another
 * attempt never shows.
 */
public record LiveJob(SynthesisJob row, Optional<JobProgress> live) {

    public double progress() {
        return live.map(JobProgress::fraction).orElse(row.getProgress());
    }

    public int chunksDone() {
        return live.map(JobProgress::chunksDone).orElse(row.getChunksDone());
    }

    public int chunksTotal() {
        return live.map(JobProgress::chunksTotal).orElse(row.getChunksTotal());
    }

    /** Audio spoken so far while running, the whole audio once finished; empty when unknown. */
    public Optional<Double> audioSeconds() {
        return live.map(JobProgress::audioSeconds).or(() -> Optional.ofNullable(row.getAudioSeconds()));
    }
}
