package io.orator.voices.piper;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DjlEnvironmentTest {

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
}
