package io.orator.voices.piper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Keeps DJL offline and quiet: without these settings DJL downloads natives it cannot find and
 * calls a cloud metadata address when its first engine starts. Environment variables of the same
 * names win over these system properties inside DJL.
 */
public final class DjlEnvironment {

    private static final Logger LOG = Logger.getLogger(DjlEnvironment.class.getName());

    static final String OFFLINE = "ai.djl.offline";
    static final String TRACKING_OPT_OUT = "OPT_OUT_TRACKING";
    static final String CACHE_DIR = "DJL_CACHE_DIR";
    static final String ENGINE_CACHE_DIR = "ENGINE_CACHE_DIR";

    private DjlEnvironment() {
    }

    /**
     * Turns on offline mode and the telemetry opt-out, and has DJL extract its natives under
     * {@code cacheDir} (unless {@code DJL_CACHE_DIR} / {@code ENGINE_CACHE_DIR} are set already).
     * Call before the first engine starts; later calls cannot move natives already extracted.
     *
     * @throws UncheckedIOException when {@code cacheDir} cannot be created
     */
    public static synchronized void prepare(Path cacheDir) {
        requireOffline();
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

    private static void setUnlessPresent(String name, String value) {
        if (System.getenv(name) == null && System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
