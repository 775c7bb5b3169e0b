package io.orator.admin;

import io.orator.platform.ProcessMemory;
import io.orator.voices.VoiceRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Optional;

/**
 * The process's memory at one moment, native and GPU included: the one reading the dashboard,
 * the console's samples and the Memory MBean show.
 *
 * @param gpu memory of the GPU the neural voices run on; empty without one
 */
record MemoryReading(long rssBytes, long peakRssBytes, long heapUsedBytes, long heapMaxBytes, Optional<MemoryUsage> gpu) {

    static MemoryReading now(VoiceRegistry voices) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new MemoryReading(ProcessMemory.rssBytes(), ProcessMemory.peakRssBytes(), heap.getUsed(), heap.getMax(),
                voices.gpuMemory());
    }

    /** GPU memory in use, or {@link Dashboard#NO_GPU} without a GPU. */
    long gpuUsedBytes() {
        return gpu.map(MemoryUsage::getUsed).orElse(Dashboard.NO_GPU);
    }
}
