package io.orator.voices.espeak;

import io.orator.testing.RecordedPcm;
import io.orator.voices.Voice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EspeakEngineLifecycleTest {

    @TempDir
    static Path dataDir;

    @Test
    void speaksAgainAfterCloseAsAfterARedeploy() throws IOException {
        try (EspeakEngine first = new EspeakEngine(dataDir.resolve("espeak"))) {
            assertTrue(speak(first) > 0);
        }
        try (EspeakEngine second = new EspeakEngine(dataDir.resolve("espeak"))) {
            assertTrue(speak(second) > 0);
        }
    }

    @Test
    void closingOneEngineLeavesAnotherWorking() throws IOException {
        try (EspeakEngine remaining = new EspeakEngine(dataDir.resolve("espeak"))) {
            EspeakEngine closed = new EspeakEngine(dataDir.resolve("espeak"));
            closed.close();
            closed.close();

            assertTrue(speak(remaining) > 0);
            assertThrows(IllegalStateException.class, () -> speak(closed));
        }
    }

    private static int speak(EspeakEngine engine) throws IOException {
        Voice voice = engine.voices().get(0);
        RecordedPcm audio = new RecordedPcm();
        engine.synthesize(voice, "Hello again.", 1.0, audio);
        return audio.length();
    }
}
