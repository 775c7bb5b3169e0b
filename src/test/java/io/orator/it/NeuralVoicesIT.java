package io.orator.it;

import static io.orator.it.Api.awaitStatus;
import static io.orator.it.Api.quote;
import static io.orator.it.Api.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.synthesis.WavInfo;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Piper voice packs from the voices directory, through DJL's PyTorch and ONNX Runtime engines in
 * the real server. The test packs have random weights: they make noise of the right length.
 */
@ExtendWith(ArquillianExtension.class)
class NeuralVoicesIT {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final String TEXT = "Neural voices read the same words. They sound like noise here.";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @TempDir
    Path downloads;

    @Test
    void listsNeuralVoicesPerSpeakerAndUnusablePacksWithTheirReason() {
        Map<String, JsonObject> voices = voices();
        assertEquals("pytorch", voices.get("tiny-ts").getString("engine"));
        assertEquals("pytorch", voices.get("tiny-ts-scales").getString("engine"));
        assertEquals("onnx", voices.get("tiny-onnx").getString("engine"));
        for (String speaker : new String[] {"p225", "p226", "p227", "p228"}) {
            assertEquals("ready", voices.get("multi-ts#" + speaker).getString("status"));
            assertEquals("ready", voices.get("multi-onnx#" + speaker).getString("status"));
        }
        assertEquals(16000, voices.get("tiny-16k").getInt("sampleRate"));
        JsonObject broken = voices.get("wrong-names");
        assertEquals("unavailable", broken.getString("status"), broken.toString());
        assertTrue(broken.getString("error").contains("input"), broken.toString());
        assertFalse(broken.getString("error").contains(System.getProperty("orator.it.voices-dir"))
                || broken.getString("error").contains("/"), "no server path: " + broken);
        assertEquals("ready", voices.get("en-us-f3").getString("status"), "the embedded voices keep working");
    }

    @Test
    void torchScriptAndOnnxVoicesSpeakAJob() throws Exception {
        for (String voice : new String[] {"tiny-ts", "tiny-ts-scales", "tiny-onnx", "multi-ts#p226", "multi-onnx#p227"}) {
            JsonObject job = run("{\"script\": " + quote("Speaker 1: " + TEXT) + ", \"voices\": {\"1\": \"" + voice + "\"}}");
            assertEquals("SUCCEEDED", job.getString("status"), voice + ": " + job);
            WavInfo wav = download(job, voice.replace('#', '-'));
            assertEquals(22050, wav.sampleRate());
            assertTrue(wav.durationSeconds() > 0.5, voice + " speaks for a while: " + wav.durationSeconds());
            assertTrue(wav.rms() > 0.01, voice + " is not silent: " + wav.rms());
        }
    }

    @Test
    void voicesOfDifferentRatesComeOutAtOneRateWithTheirDurations() throws Exception {
        WavInfo neural = download(run(single("tiny-16k", "Speaker 1: " + TEXT)), "neural");
        WavInfo embedded = download(run(single("en-us-f3", "Speaker 1: " + TEXT)), "embedded");
        JsonObject mixed = run("{\"script\": " + quote("Speaker 1: " + TEXT + "\nSpeaker 2: " + TEXT)
                + ", \"voices\": {\"1\": \"tiny-16k\", \"2\": \"en-us-f3\"}}");
        assertEquals("SUCCEEDED", mixed.getString("status"), mixed.toString());
        WavInfo both = download(mixed, "mixed");

        assertEquals(16000, neural.sampleRate());
        assertEquals(22050, both.sampleRate(), "one rate for the whole job: the highest of its voices");
        double expected = neural.durationSeconds() + embedded.durationSeconds() + 0.6; // the pause between turns
        assertEquals(expected, both.durationSeconds(), 0.1, "each voice keeps its duration when resampled");
    }

    @Test
    void speedShortensNeuralSpeech() throws Exception {
        WavInfo normal = download(run(single("tiny-ts", "Speaker 1: " + TEXT)), "normal");
        WavInfo fast = download(run("{\"script\": " + quote("Speaker 1: " + TEXT)
                + ", \"voices\": {\"1\": \"tiny-ts\"}, \"speed\": 2.0}"), "fast");
        double ratio = fast.durationSeconds() / normal.durationSeconds();
        assertTrue(ratio > 0.4 && ratio < 0.6, "twice as fast is about half as long: " + ratio);
    }

    private static String single(String voice, String script) {
        return "{\"script\": " + quote(script) + ", \"voices\": {\"1\": \"" + voice + "\"}}";
    }

    private static JsonObject run(String request) {
        return awaitStatus(submit(request), JOB_TIMEOUT, "SUCCEEDED", "FAILED");
    }

    private WavInfo download(JsonObject job, String name) throws Exception {
        assertEquals("SUCCEEDED", job.getString("status"), job.toString());
        Path file = downloads.resolve(name + ".wav");
        assertEquals(200, Api.download(job.getJsonObject("audio").getString("url"), file).statusCode());
        return WavInfo.read(file);
    }

    static Map<String, JsonObject> voices() {
        JsonArray list = Json.createReader(new StringReader(Api.get("/api/v1/voices").body())).readArray();
        return list.stream().map(v -> v.asJsonObject())
                .collect(Collectors.toMap(v -> v.getString("id"), v -> v, (a, b) -> a));
    }
}
