package io.orator.voices.piper;

/**
 * Switches that make the neural engines fail on purpose, for tests and benchmarks only: a CUDA
 * out-of-memory error where no GPU exists, and a native-memory leak the memory benchmark must be
 * able to see. Both are off unless their system property is set.
 */
final class FaultInjection {

    /** Text containing this marker fails as CUDA out of memory. */
    static final String GPU_OOM_MARKER = "orator.fault.gpu-oom-marker";
    /** {@code true}: every inference leaves a copy of its output on the model's own manager. */
    static final String LEAK_NATIVE_MEMORY = "orator.fault.leak-native-memory";

    private FaultInjection() {
    }

    static void failIfMarked(String text) {
        String marker = System.getProperty(GPU_OOM_MARKER);
        if (marker != null && !marker.isEmpty() && text.contains(marker)) {
            throw new IllegalStateException("CUDA out of memory. Tried to allocate 2.00 GiB (injected for testing)");
        }
    }

    static boolean leakNativeMemory() {
        return Boolean.getBoolean(LEAK_NATIVE_MEMORY);
    }
}
