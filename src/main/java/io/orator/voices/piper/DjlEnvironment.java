package io.orator.voices.piper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * Keeps DJL offline and quiet: without these settings DJL downloads natives it cannot find and
 * calls a cloud metadata address when its first engine starts. Environment variables of the same
 * names win over these system properties inside DJL. Also bounds libtorch's shape-keyed caches
 * (see {@link CacheCapacities}), which only the process environment can do.
 */
public final class DjlEnvironment {

    private static final Logger LOG = Logger.getLogger(DjlEnvironment.class.getName());

    static final String OFFLINE = "ai.djl.offline";
    static final String TRACKING_OPT_OUT = "OPT_OUT_TRACKING";
    static final String CACHE_DIR = "DJL_CACHE_DIR";
    static final String ENGINE_CACHE_DIR = "ENGINE_CACHE_DIR";
    /** oneDNN's cache of compiled primitives, one per operation and input shape (1,024 by default). */
    static final String ONEDNN_PRIMITIVE_CACHE = "ONEDNN_PRIMITIVE_CACHE_CAPACITY";
    /** ideep's computation cache in PyTorch's CPU convolutions (1,024 by default). */
    static final String IDEEP_COMPUTATION_CACHE = "LRU_CACHE_CAPACITY";

    /**
     * Entries kept by libtorch's two shape-keyed caches on the CPU; a negative capacity leaves
     * that cache at the library's default. Every chunk of text is a new input length, so with the
     * defaults each cache fills with a thousand compiled convolutions the next chunk will not use
     * again: hundreds of megabytes over a long script, and growth over thousands of short jobs.
     * A few dozen entries keep what one inference reuses (layers of equal shape within a call).
     */
    public record CacheCapacities(int onednnPrimitives, int ideepComputations) {

        /** Entries each cache keeps unless configured otherwise (the keys' default). */
        public static final int DEFAULT_CAPACITY = 32;

        /** The defaults of {@code orator.inference.onednn-primitive-cache-capacity} and {@code …ideep-cache-capacity}. */
        public static final CacheCapacities DEFAULTS = new CacheCapacities(DEFAULT_CAPACITY, DEFAULT_CAPACITY);
    }

    private DjlEnvironment() {
    }

    /** {@link #prepare(Path, CacheCapacities)} with the default cache capacities. */
    public static void prepare(Path cacheDir) {
        prepare(cacheDir, CacheCapacities.DEFAULTS);
    }

    /**
     * Turns on offline mode and the telemetry opt-out, has DJL extract its natives under
     * {@code cacheDir} (unless {@code DJL_CACHE_DIR} / {@code ENGINE_CACHE_DIR} are set already),
     * and bounds libtorch's caches to {@code caches} unless the environment sizes them already.
     * Call before the first engine starts: later calls cannot move natives already extracted,
     * and libtorch reads its cache sizes once.
     *
     * @throws UncheckedIOException when {@code cacheDir} cannot be created
     */
    public static synchronized void prepare(Path cacheDir, CacheCapacities caches) {
        requireOffline();
        boundCaches(caches);
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the DJL cache directory " + cacheDir, e);
        }
        String dir = cacheDir.toAbsolutePath().toString();
        setUnlessPresent(CACHE_DIR, dir);
        setUnlessPresent(ENGINE_CACHE_DIR, dir);
    }

    /** Offline mode and the telemetry opt-out; idempotent, applied before any engine starts. */
    static void requireOffline() {
        System.setProperty(OFFLINE, "true");
        System.setProperty(TRACKING_OPT_OUT, "true");
        String environment = System.getenv("DJL_OFFLINE");
        if (environment != null && !Boolean.parseBoolean(environment)) {
            LOG.warning("DJL_OFFLINE=" + environment + " in the environment overrides offline mode;"
                    + " DJL may try to download natives");
        }
    }

    private static void boundCaches(CacheCapacities caches) {
        List<NativeEnvironment.Setting> settings = List.of(
                NativeEnvironment.setUnlessPresent(ONEDNN_PRIMITIVE_CACHE, capacity(caches.onednnPrimitives())),
                NativeEnvironment.setUnlessPresent(IDEEP_COMPUTATION_CACHE, capacity(caches.ideepComputations())));
        LOG.info(() -> "libtorch cache capacities: " + settings);
    }

    private static String capacity(int entries) {
        return entries < 0 ? null : Integer.toString(entries);
    }

    private static void setUnlessPresent(String name, String value) {
        if (System.getenv(name) == null && System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
