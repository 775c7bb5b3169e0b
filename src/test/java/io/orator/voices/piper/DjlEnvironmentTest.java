package io.orator.voices.piper;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DjlEnvironmentTest {

    /** The test's own view of the C library's environment, independent of the class under test. */
    interface Environ extends Library {
        Environ LIBC = Native.load("c", Environ.class);

        String getenv(String name);

        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);
    }

    private String onednnBefore;
    private String ideepBefore;

    @BeforeEach
    void clearCacheVariables() {
        onednnBefore = Environ.LIBC.getenv(DjlEnvironment.ONEDNN_PRIMITIVE_CACHE);
        ideepBefore = Environ.LIBC.getenv(DjlEnvironment.IDEEP_COMPUTATION_CACHE);
        Environ.LIBC.unsetenv(DjlEnvironment.ONEDNN_PRIMITIVE_CACHE);
        Environ.LIBC.unsetenv(DjlEnvironment.IDEEP_COMPUTATION_CACHE);
    }

    @AfterEach
    void restoreCacheVariables() {
        restore(DjlEnvironment.ONEDNN_PRIMITIVE_CACHE, onednnBefore);
        restore(DjlEnvironment.IDEEP_COMPUTATION_CACHE, ideepBefore);
    }

    @Test
    void turnsOfflineModeAndTheTelemetryOptOutOnWhateverWasSetBefore(@TempDir Path dir) {
        String offline = System.getProperty(DjlEnvironment.OFFLINE);
        String tracking = System.getProperty(DjlEnvironment.TRACKING_OPT_OUT);
        try {
            System.setProperty(DjlEnvironment.OFFLINE, "false");
            System.setProperty(DjlEnvironment.TRACKING_OPT_OUT, "false");
            DjlEnvironment.prepare(dir.resolve("djl"));
            assertEquals("true", System.getProperty(DjlEnvironment.OFFLINE));
            assertEquals("true", System.getProperty(DjlEnvironment.TRACKING_OPT_OUT));
            assertTrue(ai.djl.util.Utils.isOfflineMode());
            assertTrue(Files.isDirectory(dir.resolve("djl")));
        } finally {
            System.setProperty(DjlEnvironment.OFFLINE, offline);
            System.setProperty(DjlEnvironment.TRACKING_OPT_OUT, tracking);
        }
    }

    @Test
    void boundsLibtorchsCachesInTheProcessEnvironmentNativeCodeReads(@TempDir Path dir) {
        DjlEnvironment.prepare(dir.resolve("djl"), new DjlEnvironment.CacheCapacities(17, 19));

        assertEquals("17", Environ.LIBC.getenv(DjlEnvironment.ONEDNN_PRIMITIVE_CACHE));
        assertEquals("19", Environ.LIBC.getenv(DjlEnvironment.IDEEP_COMPUTATION_CACHE));
    }

    @Test
    void boundsThemByDefault(@TempDir Path dir) {
        DjlEnvironment.prepare(dir.resolve("djl"));

        assertEquals(String.valueOf(DjlEnvironment.CacheCapacities.DEFAULTS.onednnPrimitives()),
                Environ.LIBC.getenv(DjlEnvironment.ONEDNN_PRIMITIVE_CACHE));
        assertEquals(String.valueOf(DjlEnvironment.CacheCapacities.DEFAULTS.ideepComputations()),
                Environ.LIBC.getenv(DjlEnvironment.IDEEP_COMPUTATION_CACHE));
    }

    @Test
    void aCapacityTheOperatorSetWins(@TempDir Path dir) {
        Environ.LIBC.setenv(DjlEnvironment.ONEDNN_PRIMITIVE_CACHE, "1024", 1);

        DjlEnvironment.prepare(dir.resolve("djl"), new DjlEnvironment.CacheCapacities(17, 19));

        assertEquals("1024", Environ.LIBC.getenv(DjlEnvironment.ONEDNN_PRIMITIVE_CACHE));
        assertEquals("19", Environ.LIBC.getenv(DjlEnvironment.IDEEP_COMPUTATION_CACHE));
    }

    @Test
    void aNegativeCapacityLeavesTheLibraryDefault(@TempDir Path dir) {
        DjlEnvironment.prepare(dir.resolve("djl"), new DjlEnvironment.CacheCapacities(-1, 8));

        assertEquals(Optional.empty(), NativeEnvironment.get(DjlEnvironment.ONEDNN_PRIMITIVE_CACHE));
        assertEquals("8", Environ.LIBC.getenv(DjlEnvironment.IDEEP_COMPUTATION_CACHE));
    }

    private static void restore(String name, String value) {
        if (value == null) {
            Environ.LIBC.unsetenv(name);
        } else {
            Environ.LIBC.setenv(name, value, 1);
        }
    }
}
