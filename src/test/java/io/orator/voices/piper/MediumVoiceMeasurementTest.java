package io.orator.voices.piper;

import io.orator.platform.ProcessMemory;
import io.orator.voices.Voice;
import io.orator.voices.espeak.EspeakEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inference time and resident memory on the benchmark-sized packs, printed, not asserted. Runs
 * only when asked:
 * {@code /usr/bin/python3 src/test/voices/generate_test_voices.py --medium target/bench-voices} then
 * {@code mvn test -Dtest=MediumVoiceMeasurementTest -Dorator.bench.voices=target/bench-voices}.
 */
@EnabledIfSystemProperty(named = "orator.bench.voices", matches = ".+")
class MediumVoiceMeasurementTest {

    private static final String CHUNK = "The lighthouse keeper climbed the spiral stairs every evening at dusk, "
            + "counting the steps as his father had taught him.";

    @Test
    void measuresEveryMediumPack(@TempDir Path dataDir) throws IOException {
        int calls = Integer.getInteger("orator.test.inferences", 100);
        DjlEnvironment.prepare(PiperEngineTest.djlCache());
        List<VoicePack> packs = VoicePacks.scan(Path.of(System.getProperty("orator.bench.voices")));
        try (EspeakEngine espeak = new EspeakEngine(dataDir.resolve("espeak"));
             PiperEngine pytorch = PiperEngine.torchScript(packs, espeak::phonemize, InferenceDevice.AUTO);
             PiperEngine onnx = PiperEngine.onnx(packs, espeak::phonemize, InferenceDevice.AUTO)) {
            for (PiperEngine engine : List.of(pytorch, onnx)) {
                assertTrue(engine.problems().isEmpty(), engine.problems().toString());
                for (Voice voice : engine.voices()) {
                    measure(engine, voice, calls);
                }
            }
        }
    }

    private static void measure(PiperEngine engine, Voice voice, int calls) throws IOException {
        List<Long> rss = new ArrayList<>();
        long[] samples = {0};
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            if (i % 25 == 0) {
                rss.add(ProcessMemory.rssBytes() >> 20);
            }
            engine.synthesize(voice, CHUNK, 1.0, (s, offset, length) -> samples[0] += length);
        }
        rss.add(ProcessMemory.rssBytes() >> 20);
        double millis = (System.nanoTime() - started) / 1e6 / calls;
        double audioMillis = samples[0] * 1000.0 / calls / voice.sampleRate();
        System.out.printf("%s %s on %s: %.1f ms per chunk of %.0f ms audio (real-time factor %.3f); RSS MiB every 25 calls: %s%n",
                engine.name(), voice.id(), engine.device(), millis, audioMillis, millis / audioMillis, rss);
    }
}
