package io.orator.dispatch;

/**
 * What one run of a job cost: time and memory before and after, and phonemes its neural voices
 * had to skip. GPU figures are null without a GPU.
 */
public record RunStats(long synthesisMillis, Double realTimeFactor, long rssBytesBefore, long rssBytesAfter,
                       Long gpuBytesBefore, Long gpuBytesAfter, int skippedPhonemes) {
}
