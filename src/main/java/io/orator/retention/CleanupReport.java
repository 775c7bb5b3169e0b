package io.orator.retention;

/** What one cleanup pass did. */
public record CleanupReport(int expired, int overQuota, int tempFilesRemoved, int orphanFilesRemoved,
                            int historyRowsPurged, long bytesFreed) {
}
