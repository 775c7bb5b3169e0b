package io.orator.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads this process's resident set size from {@code /proc/self/status}: native memory (model
 * tensors, malloc arenas) shows up there and nowhere in the Java heap.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** Resident set size in bytes, or 0 where /proc is not available. */
    public static long rssBytes() {
        return statusKilobytes("VmRSS:") * 1024;
    }

    /** Peak resident set size in bytes since the process started (or since the last reset). */
    public static long peakRssBytes() {
        return statusKilobytes("VmHWM:") * 1024;
    }

    private static long statusKilobytes(String field) {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
