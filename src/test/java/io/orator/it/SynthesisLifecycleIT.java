package io.orator.it;

import static io.orator.it.Api.awaitStatus;
import static io.orator.it.Api.json;
import static io.orator.it.Api.quote;
import static io.orator.it.Api.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.synthesis.WavInfo;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** From submission to a downloaded WAV that holds speech, through the real server and espeak-ng. */
@ExtendWith(ArquillianExtension.class)
class SynthesisLifecycleIT {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);
    private static final String SENTENCE = "The quick brown fox jumps over the lazy dog.";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @TempDir
    Path downloads;

    @Test
    void twoSpeakerScriptBecomesSpeech() throws Exception {
        String script = "Speaker 1: Welcome back to the show. Today we talk about speech synthesis.\n"
                + "Speaker 2: Glad to be here. It is a fascinating subject.";
        HttpResponse<String> accepted = Api.post("/api/v1/syntheses", "{\"script\": " + quote(script) + "}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        String id = json(accepted).getString("id");
        assertEquals("/api/v1/syntheses/" + id, URI.create(accepted.headers().firstValue("Location").orElseThrow()).getPath());

        JsonObject job = awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED", "FAILED");
        assertEquals("SUCCEEDED", job.getString("status"), job.toString());
        assertEquals(2, job.getInt("speakers"));
        assertEquals(1.0, job.getJsonNumber("progress").doubleValue());
        assertNotEquals(job.getJsonObject("voices").getString("1"), job.getJsonObject("voices").getString("2"));
        JsonObject stats = job.getJsonObject("stats");
        assertEquals(1, stats.getInt("attempts"));
        assertTrue(stats.getJsonNumber("rssBytesAfter").longValue() > 0);

        Path wav = downloads.resolve("two.wav");
        HttpResponse<Path> download = Api.download(job.getJsonObject("audio").getString("url"), wav);
        assertEquals(200, download.statusCode());
        assertEquals("audio/wav", download.headers().firstValue("Content-Type").orElse(""));
        assertEquals(Files.size(wav), download.headers().firstValueAsLong("Content-Length").orElse(-1));
        assertEquals(job.getJsonObject("audio").getJsonNumber("bytes").longValue(), Files.size(wav));

        WavInfo info = WavInfo.read(wav);
        assertEquals(1, info.channels());
        assertEquals(16, info.bitsPerSample());
        assertEquals(job.getJsonObject("audio").getInt("sampleRate"), info.sampleRate());
        // About 25 words: a few seconds of speech, not a click and not a minute.
        assertTrue(info.durationSeconds() > 4 && info.durationSeconds() < 20, "duration " + info.durationSeconds());
        assertEquals(job.getJsonObject("audio").getJsonNumber("durationSeconds").doubleValue(), info.durationSeconds(), 0.01);
        assertTrue(info.rms() > 0.02, "speech is audible, rms " + info.rms());
        assertTrue(info.nonSilentFraction() > 0.5, "mostly sound, not silence: " + info.nonSilentFraction());
    }

    @Test
    void fourSpeakersSpeakWithFourDifferentVoices() throws Exception {
        String script = "Speaker 1: " + SENTENCE + "\nSpeaker 2: " + SENTENCE + "\nSpeaker 3: " + SENTENCE
                + "\nSpeaker 4: " + SENTENCE;
        String id = submit("{\"script\": " + quote(script) + "}");
        JsonObject job = awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED", "FAILED");
        assertEquals("SUCCEEDED", job.getString("status"), job.toString());
        Set<String> voices = new HashSet<>(job.getJsonObject("voices").values().stream()
                .map(v -> v.toString()).toList());
        assertEquals(4, voices.size(), "four distinct voices: " + job.getJsonObject("voices"));

        Path wav = downloads.resolve("four.wav");
        Api.download(job.getJsonObject("audio").getString("url"), wav);
        WavInfo info = WavInfo.read(wav);
        assertTrue(info.rms() > 0.02 && info.nonSilentFraction() > 0.5, info.toString());
        List<WavSegments.Segment> turns = WavSegments.split(wav, info.sampleRate(), 500);
        assertEquals(4, turns.size(), "one stretch of speech per turn: " + turns);
        // The same sentence in the same voice gives identical audio; each turn must differ.
        Set<String> fingerprints = turns.stream()
                .map(t -> t.length() + "/" + Math.round(t.zeroCrossingRate() * 1000))
                .collect(Collectors.toSet());
        assertEquals(4, fingerprints.size(), "each speaker sounds different: " + turns);
    }

    @Test
    void turnsFormAndRequestedVoicesAreHonoured() {
        String id = submit("{\"turns\": [{\"speaker\": 1, \"text\": \"Hello there.\"}, "
                + "{\"speaker\": 2, \"text\": \"General Kenobi.\"}], \"voices\": {\"1\": \"en-us-m7\", \"2\": \"en-us-f3\"}, "
                + "\"speed\": 1.5, \"retentionHours\": 2}");
        JsonObject job = awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED", "FAILED");
        assertEquals("SUCCEEDED", job.getString("status"), job.toString());
        assertEquals("en-us-m7", job.getJsonObject("voices").getString("1"));
        assertEquals("en-us-f3", job.getJsonObject("voices").getString("2"));
        assertEquals(1.5, job.getJsonNumber("speed").doubleValue());
        Duration retention = Duration.between(java.time.Instant.parse(job.getString("finishedAt")),
                java.time.Instant.parse(job.getString("expiresAt")));
        assertEquals(Duration.ofHours(2), retention);
    }

    @Test
    void audioSupportsRangesAndEtags() {
        String id = submit("{\"script\": \"Speaker 1: Ranges let players seek.\"}");
        JsonObject job = awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        String url = Api.BASE + job.getJsonObject("audio").getString("url");
        long size = job.getJsonObject("audio").getJsonNumber("bytes").longValue();

        HttpResponse<byte[]> whole = Api.sendForBytes(HttpRequest.newBuilder(URI.create(url)).GET().build());
        assertEquals(200, whole.statusCode());
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));
        String etag = whole.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> header = Api.sendForBytes(HttpRequest.newBuilder(URI.create(url))
                .header("Range", "bytes=0-43").GET().build());
        assertEquals(206, header.statusCode());
        assertEquals("bytes 0-43/" + size, header.headers().firstValue("Content-Range").orElse(""));
        assertEquals(44, header.body().length);
        assertEquals("RIFF", new String(header.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));

        HttpResponse<byte[]> tail = Api.sendForBytes(HttpRequest.newBuilder(URI.create(url))
                .header("Range", "bytes=-100").GET().build());
        assertEquals(206, tail.statusCode());
        assertEquals(100, tail.body().length);
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(whole.body(), (int) size - 100, (int) size)),
                java.util.Arrays.toString(tail.body()));

        HttpResponse<byte[]> outside = Api.sendForBytes(HttpRequest.newBuilder(URI.create(url))
                .header("Range", "bytes=" + size + "-").GET().build());
        assertEquals(416, outside.statusCode());
        assertEquals("bytes */" + size, outside.headers().firstValue("Content-Range").orElse(""));

        HttpResponse<byte[]> cached = Api.sendForBytes(HttpRequest.newBuilder(URI.create(url))
                .header("If-None-Match", etag).GET().build());
        assertEquals(304, cached.statusCode());
    }

    @Test
    void listsNewestFirstWithCursorPaging() {
        List<String> mine = List.of(submit(one("First.")), submit(one("Second.")), submit(one("Third.")));
        for (String id : mine) {
            awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        }
        JsonObject first = json(Api.get("/api/v1/syntheses?limit=2&status=SUCCEEDED"));
        assertEquals(2, first.getJsonArray("items").size());
        assertEquals(mine.get(2), first.getJsonArray("items").getJsonObject(0).getString("id"));
        assertEquals(mine.get(1), first.getJsonArray("items").getJsonObject(1).getString("id"));
        JsonObject second = json(Api.get("/api/v1/syntheses?limit=2&status=SUCCEEDED&cursor=" + first.getString("next")));
        assertEquals(mine.get(0), second.getJsonArray("items").getJsonObject(0).getString("id"));
        second.getJsonArray("items").forEach(item -> assertEquals("SUCCEEDED", item.asJsonObject().getString("status")));
    }

    @Test
    void cancelsQueuedJobAtOnceAndRunningJobAtChunkBoundary() {
        String running = submit("{\"script\": " + quote(Api.longScript(1000)) + "}");
        String queued = submit(one("I wait in the queue."));
        awaitStatus(running, JOB_TIMEOUT, "RUNNING");

        HttpResponse<String> cancelQueued = Api.post("/api/v1/syntheses/" + queued + "/cancel", "");
        assertEquals(200, cancelQueued.statusCode(), cancelQueued.body());
        assertEquals("CANCELLED", json(cancelQueued).getString("status"));

        HttpResponse<String> cancelRunning = Api.post("/api/v1/syntheses/" + running + "/cancel", "");
        assertTrue(cancelRunning.statusCode() == 202 || cancelRunning.statusCode() == 200, cancelRunning.body());
        JsonObject cancelled = awaitStatus(running, JOB_TIMEOUT, "CANCELLED", "SUCCEEDED");
        assertEquals("CANCELLED", cancelled.getString("status"), "stopped before its end: " + cancelled);
        assertTrue(cancelled.getJsonNumber("progress").doubleValue() < 1.0);

        assertEquals(409, Api.get("/api/v1/syntheses/" + running + "/audio").statusCode());
        HttpResponse<String> again = Api.post("/api/v1/syntheses/" + running + "/cancel", "");
        assertEquals(409, again.statusCode());
        assertEquals("CANCELLED", Api.job(queued).getString("status"), "a cancelled job never runs");
    }

    @Test
    void aRunningJobOfOneVeryLongWordIsCancelledWithinFiveSeconds() {
        String running = submit("{\"script\": \"" + "a".repeat(99_000) + "\"}");
        awaitStatus(running, JOB_TIMEOUT, "RUNNING");

        long asked = System.nanoTime();
        HttpResponse<String> cancel = Api.post("/api/v1/syntheses/" + running + "/cancel", "");
        assertTrue(cancel.statusCode() == 202 || cancel.statusCode() == 200, cancel.body());
        JsonObject cancelled = awaitStatus(running, Duration.ofSeconds(5), "CANCELLED");
        long millis = (System.nanoTime() - asked) / 1_000_000;

        System.out.println("Cancel to CANCELLED: " + millis + " ms");
        assertTrue(cancelled.getJsonNumber("progress").doubleValue() < 1.0, cancelled.toString());
    }

    @Test
    void headOfAudioAnswersItsHeadersWithoutABody() {
        String id = submit(one("Only my headers are asked for."));
        JsonObject job = awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        URI url = URI.create(Api.BASE + job.getJsonObject("audio").getString("url"));

        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> head = Api.sendForBytes(HttpRequest.newBuilder(url)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, head.statusCode());
            assertEquals(0, head.body().length);
            assertEquals(String.valueOf(job.getJsonObject("audio").getJsonNumber("bytes").longValue()),
                    head.headers().firstValue("Content-Length").orElse(""));
        }
        assertEquals(200, Api.get("/api/v1/syntheses/" + id + "/audio").statusCode());
    }

    @Test
    void aDownloadUnderWayWhenTheJobIsDeletedStillGetsTheWholeFile() throws Exception {
        String id = submit("{\"script\": " + quote(Api.longScript(100)) + "}");
        JsonObject job = awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        long size = job.getJsonObject("audio").getJsonNumber("bytes").longValue();
        assertTrue(size > 8_000_000, "more than the socket buffers hold: " + size);
        URI url = URI.create(Api.BASE + job.getJsonObject("audio").getString("url"));

        HttpResponse<InputStream> download = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = download.body()) {
            long received = body.readNBytes(4096).length;
            assertEquals(204, Api.delete("/api/v1/syntheses/" + id).statusCode());
            assertEquals(404, Api.get("/api/v1/syntheses/" + id + "/audio").statusCode(), "gone for new requests");
            received += body.transferTo(OutputStream.nullOutputStream());

            assertEquals(200, download.statusCode());
            assertEquals(size, received, "the download begun before the delete is whole");
        }
    }

    @Test
    void audioRemovedFromDiskAnswers410() {
        String id = submit(one("My file will vanish."));
        awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        // The job's one audio file: <id>-<attempt>.wav.
        try (var files = Files.list(Path.of(System.getProperty("orator.it.data-dir"), "audio"))) {
            List<Path> audioFiles = files.filter(f -> f.getFileName().toString().startsWith(id + "-")
                    && f.getFileName().toString().endsWith(".wav")).toList();
            assertEquals(1, audioFiles.size(), audioFiles.toString());
            Files.delete(audioFiles.get(0));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        HttpResponse<String> audio = Api.get("/api/v1/syntheses/" + id + "/audio");

        assertEquals(410, audio.statusCode(), audio.body());
        assertEquals("application/problem+json", audio.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals("urn:orator:problem:audio-gone", json(audio).getString("type"));
    }

    @Test
    void audioOfUnfinishedJobIs409() {
        String running = submit("{\"script\": " + quote(Api.longScript(1000)) + "}");
        awaitStatus(running, JOB_TIMEOUT, "RUNNING", "QUEUED");
        HttpResponse<String> audio = Api.get("/api/v1/syntheses/" + running + "/audio");
        assertEquals(409, audio.statusCode(), audio.body());
        assertEquals("application/problem+json", audio.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        Api.post("/api/v1/syntheses/" + running + "/cancel", "");
        awaitStatus(running, JOB_TIMEOUT, "CANCELLED", "SUCCEEDED");
    }

    @Test
    void deleteRemovesJobAndAudio() {
        String id = submit(one("Delete me."));
        awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        assertEquals(204, Api.delete("/api/v1/syntheses/" + id).statusCode());
        assertEquals(404, Api.get("/api/v1/syntheses/" + id).statusCode());
        assertEquals(404, Api.get("/api/v1/syntheses/" + id + "/audio").statusCode());
        assertEquals(404, Api.delete("/api/v1/syntheses/" + id).statusCode());
    }

    @Test
    void deletingRunningJobStopsIt() {
        String id = submit("{\"script\": " + quote(Api.longScript(1000)) + "}");
        awaitStatus(id, JOB_TIMEOUT, "RUNNING");
        assertEquals(204, Api.delete("/api/v1/syntheses/" + id).statusCode());
        assertEquals(404, Api.get("/api/v1/syntheses/" + id).statusCode());
        // The worker notices at its next chunk and the next job runs.
        String next = submit(one("After the deleted one."));
        assertEquals("SUCCEEDED", awaitStatus(next, JOB_TIMEOUT, "SUCCEEDED", "FAILED").getString("status"));
    }

    @Test
    void listsVoices() {
        HttpResponse<String> response = Api.get("/api/v1/voices");
        assertEquals(200, response.statusCode());
        var voices = Api.json(Api.get("/api/v1/syntheses?limit=1")); // the API answers JSON everywhere
        assertTrue(voices.containsKey("items"));
        var list = jakarta.json.Json.createReader(new java.io.StringReader(response.body())).readArray();
        var embedded = list.stream().map(v -> v.asJsonObject())
                .filter(v -> v.getString("engine").equals("espeak-ng")).toList();
        long english = embedded.stream().filter(v -> v.getString("language").startsWith("en")).count();
        assertTrue(english >= 6, "at least six English voices, got " + english);
        assertTrue(embedded.size() > english + 10, "other languages too: " + embedded.size());
        embedded.forEach(v -> assertEquals(22050, v.getInt("sampleRate")));
        embedded.forEach(v -> assertEquals("ready", v.getString("status")));
    }

    private static String one(String text) {
        return "{\"script\": " + quote("Speaker 1: " + text) + "}";
    }
}
