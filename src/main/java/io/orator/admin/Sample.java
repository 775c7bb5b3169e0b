package io.orator.admin;

/**
 * One reading of the figures the console charts. {@code gpuBytes} is {@link Dashboard#NO_GPU}
 * without a GPU engine; {@code realTimeFactor} is NaN before the first job.
 */
record Sample(long epochMillis, long rssBytes, long heapUsedBytes, long gpuBytes, double realTimeFactor) {
}
