package io.orator.jobs;

/**
 * What one run of a job cost: time, audio made, memory before and after, and phonemes its neural
 * voices had to skip. GPU figures are null without a GPU.
 */
public record RunStats(long synthesisMillis, double audioSeconds, long rssBytesBefore, long rssBytesAfter,
                       Long gpuBytesBefore, Long gpuBytesAfter, int skippedPhonemes) {

    /** Seconds of work per second of audio; null when no audio was made. */
    public Double realTimeFactor() {
        return audioSeconds > 0 ? synthesisMillis / 1000.0 / audioSeconds : null;
    }
}
