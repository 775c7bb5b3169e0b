package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.testing.WebVtt;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A finished job's timestamps and captions, checked against its own audio. */
@ExtendWith(ArquillianExtension.class)
class TimestampsIT {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);
    private static final String FIRST = "Good morning, and welcome. Today we measure time, word by word.";
    private static final String SECOND = "Every pause in the audio is a boundary; quiet, then sound again.";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @Test
    void espeakWordsStartWhereTheirSoundStartsAfterEveryPause() throws IOException {
        String id = Api.submit("{\"script\": " + Api.quote("Speaker 1: " + FIRST + "\nSpeaker 2: " + SECOND) + "}");
        JsonObject job = Api.awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        assertEquals("/api/v1/syntheses/" + id + "/timestamps", job.getJsonObject("audio").getString("timestampsUrl"));
        int rate = job.getJsonObject("audio").getInt("sampleRate");
        short[] pcm = SpeechSamples.of(Api.sendForBytes(HttpRequest.newBuilder(URI.create(Api.BASE + "/api/v1/syntheses/" + id
                + "/audio")).build()).body());

        HttpResponse<String> response = Api.get("/api/v1/syntheses/" + id + "/timestamps");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject timestamps = Api.json(response);
        assertEquals("word", timestamps.getString("precision"));
        assertEquals(job.getJsonObject("audio").getJsonNumber("durationSeconds").doubleValue(),
                timestamps.getJsonNumber("duration").doubleValue(), 0.002);

        JsonArray sentences = timestamps.getJsonArray("sentences");
        assertEquals(List.of("Good morning, and welcome.", "Today we measure time, word by word.",
                "Every pause in the audio is a boundary; quiet, then sound again."),
                sentences.getValuesAs(JsonObject.class).stream().map(s -> s.getString("text")).toList());
        assertEquals(List.of(1, 1, 2), sentences.getValuesAs(JsonObject.class).stream().map(s -> s.getInt("speaker")).toList());
        List<String> turns = List.of(FIRST, SECOND);
        List<JsonObject> words = new ArrayList<>();
        for (JsonObject sentence : sentences.getValuesAs(JsonObject.class)) {
            String turn = turns.get(sentence.getInt("turn"));
            assertEquals(sentence.getString("text"), turn.substring(sentence.getInt("textStart"), sentence.getInt("textEnd")));
            for (JsonObject word : sentence.getJsonArray("words").getValuesAs(JsonObject.class)) {
                assertEquals(word.getString("text"), turn.substring(word.getInt("textStart"), word.getInt("textEnd")));
                words.add(word);
            }
        }
        assertEquals(FIRST.split(" ").length + SECOND.split(" ").length, words.size(), "every word once");

        // Wherever the audio pauses between two words, the next word starts where its sound starts.
        int pausesChecked = 0;
        for (int i = 1; i < words.size(); i++) {
            long previousEnd = millis(words.get(i - 1), "end");
            long start = millis(words.get(i), "start");
            assertTrue(start >= previousEnd, "words in order: " + words.get(i - 1) + " " + words.get(i));
            if (start - previousEnd >= 60) {
                long onset = SpeechSamples.firstSound(pcm, rate, previousEnd + 20);
                assertTrue(Math.abs(onset - start) <= 30, words.get(i).getString("text") + " starts at " + start
                        + " ms, its sound at " + onset + " ms");
                assertTrue(loudest(pcm, rate, previousEnd + 20, start - 20) < SpeechSamples.SOUND,
                        "the pause before " + words.get(i).getString("text") + " is quiet");
                pausesChecked++;
            }
        }
        // Two sentence pauses, a turn pause and five commas or semicolons.
        assertTrue(pausesChecked >= 5, pausesChecked + " pauses checked");
    }

    @Test
    void captionsAreValidWebVttThatCoverTheAudioWithEachSpeakersVoice() {
        String id = Api.submit("{\"script\": " + Api.quote("Speaker 1: " + FIRST + "\nSpeaker 2: " + SECOND) + "}");
        JsonObject job = Api.awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        long duration = Math.round(job.getJsonObject("audio").getJsonNumber("durationSeconds").doubleValue() * 1000);

        HttpResponse<String> vtt = Api.get("/api/v1/syntheses/" + id + "/captions");
        assertEquals(200, vtt.statusCode(), vtt.body());
        assertEquals("text/vtt", vtt.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        List<WebVtt.Cue> cues = WebVtt.parse(vtt.body());
        assertEquals(FIRST + " " + SECOND, cues.stream().map(c -> c.text().replace('\n', ' ')).collect(Collectors.joining(" ")));
        assertEquals("Speaker 1", cues.get(0).voice());
        assertEquals("Speaker 2", cues.get(cues.size() - 1).voice());
        assertTrue(cues.get(0).startMillis() < 300, "the first cue starts with the speech: " + cues.get(0));
        WebVtt.Cue last = cues.get(cues.size() - 1);
        assertTrue(last.endMillis() <= duration && last.endMillis() > duration - 300,
                "the last cue ends with the speech at " + duration + " ms: " + last);

        HttpResponse<String> head = Api.send(HttpRequest.newBuilder(URI.create(Api.BASE + "/api/v1/syntheses/" + id
                + "/captions")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals("text/vtt", head.headers().firstValue("Content-Type").orElse("").split(";")[0]);

        HttpResponse<String> srt = Api.get("/api/v1/syntheses/" + id + "/captions?format=srt");
        assertEquals(200, srt.statusCode(), srt.body());
        assertEquals("application/x-subrip", srt.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(srt.body().startsWith("1\n00:00:00,"), srt.body());
        assertTrue(srt.body().contains("Speaker 2: Every"), srt.body());
        assertEquals(cues.size(), srt.body().split("\n\n").length, "as many SRT cues as WebVTT cues");
    }

    @Test
    void neuralVoicesGiveSentenceTimesAndTheVoiceListSaysSo() {
        Map<String, String> precision = voices().stream().filter(v -> v.containsKey("timestamps"))
                .collect(Collectors.toMap(v -> v.getString("id"), v -> v.getString("timestamps")));
        assertEquals("word", precision.get("en-us-f3"));
        assertEquals("sentence", precision.get("tiny-ts"));
        assertEquals("sentence", precision.get("tiny-onnx"));

        String id = Api.submit("{\"script\": " + Api.quote("Speaker 1: Hello there. A second sentence.\nSpeaker 2: "
                + "And a reply.") + ", \"voices\": {\"1\": \"tiny-ts\", \"2\": \"en-us-m7\"}}");
        Api.awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        JsonObject timestamps = Api.json(Api.get("/api/v1/syntheses/" + id + "/timestamps"));

        assertEquals("sentence", timestamps.getString("precision"), "a job is as precise as its least precise voice");
        List<JsonObject> sentences = timestamps.getJsonArray("sentences").getValuesAs(JsonObject.class);
        assertEquals(List.of("sentence", "sentence", "word"), sentences.stream().map(s -> s.getString("precision")).toList());
        assertFalse(sentences.get(0).containsKey("words"));
        assertEquals(3, sentences.get(2).getJsonArray("words").size());
        for (int i = 1; i < sentences.size(); i++) {
            assertTrue(millis(sentences.get(i), "start") >= millis(sentences.get(i - 1), "end"), "in order");
        }
    }

    @Test
    void aNeuralVoiceWithPipersAlignmentOutputGivesWords() {
        Map<String, String> precision = voices().stream().filter(v -> v.containsKey("timestamps"))
                .collect(Collectors.toMap(v -> v.getString("id"), v -> v.getString("timestamps")));
        assertEquals("word", precision.get("aligned-onnx"));

        String text = "Hello there, a second clause. And a new sentence.";
        String id = Api.submit("{\"script\": " + Api.quote("Speaker 1: " + text) + ", \"voices\": {\"1\": \"aligned-onnx\"}}");
        JsonObject job = Api.awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        JsonObject timestamps = Api.json(Api.get("/api/v1/syntheses/" + id + "/timestamps"));

        assertEquals("word", timestamps.getString("precision"));
        List<JsonObject> words = new ArrayList<>();
        for (JsonObject sentence : timestamps.getJsonArray("sentences").getValuesAs(JsonObject.class)) {
            assertEquals("word", sentence.getString("precision"));
            words.addAll(sentence.getJsonArray("words").getValuesAs(JsonObject.class));
        }
        assertEquals(List.of(text.split(" ")), words.stream().map(w -> w.getString("text")).toList());
        long previousEnd = 0;
        for (JsonObject word : words) {
            assertEquals(word.getString("text"), text.substring(word.getInt("textStart"), word.getInt("textEnd")));
            assertTrue(millis(word, "start") >= previousEnd && millis(word, "end") > millis(word, "start"), "in order");
            previousEnd = millis(word, "end");
        }
        assertTrue(previousEnd <= Math.round(job.getJsonObject("audio").getJsonNumber("durationSeconds").doubleValue() * 1000));
    }

    @Test
    void timestampsFollowTheJobsAudioOutOfExistence() throws IOException {
        String id = Api.submit("{\"script\": \"Speaker 1: Short lived.\"}");
        Api.awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        Path timeline = Path.of(System.getProperty("orator.it.data-dir"), "audio", id + "-1.timeline");
        assertTrue(Files.exists(timeline), "the timeline lies beside the audio");

        assertEquals(204, Api.delete("/api/v1/syntheses/" + id).statusCode());

        assertEquals(404, Api.get("/api/v1/syntheses/" + id + "/timestamps").statusCode());
        Api.await(() -> Files.exists(timeline), exists -> !exists, JOB_TIMEOUT, "the timeline deleted with the audio");
    }

    @Test
    void badRequestsAreProblems() {
        String running = Api.submit("{\"script\": " + Api.quote(Api.longScript(1000)) + "}");
        Api.awaitStatus(running, JOB_TIMEOUT, "RUNNING", "QUEUED");
        HttpResponse<String> early = Api.get("/api/v1/syntheses/" + running + "/timestamps");
        assertEquals(409, early.statusCode(), early.body());
        assertEquals("urn:orator:problem:timestamps-not-ready", Api.json(early).getString("type"));
        Api.post("/api/v1/syntheses/" + running + "/cancel", "");
        Api.awaitStatus(running, JOB_TIMEOUT, "CANCELLED", "SUCCEEDED");

        String id = Api.submit("{\"script\": \"Speaker 1: Captions, please.\"}");
        Api.awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        HttpResponse<String> unknown = Api.get("/api/v1/syntheses/" + id + "/captions?format=ass");
        assertEquals(422, unknown.statusCode(), unknown.body());
        assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(unknown.body().contains("vtt or srt"), unknown.body());

        // The audio vanished from disk: the timestamps went with it.
        try {
            Files.delete(Path.of(System.getProperty("orator.it.data-dir"), "audio", id + "-1.wav"));
            Files.delete(Path.of(System.getProperty("orator.it.data-dir"), "audio", id + "-1.timeline"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HttpResponse<String> gone = Api.get("/api/v1/syntheses/" + id + "/captions");
        assertEquals(410, gone.statusCode(), gone.body());
        assertEquals("urn:orator:problem:timestamps-gone", Api.json(gone).getString("type"));
    }

    private static List<JsonObject> voices() {
        return Json.createReader(new StringReader(Api.get("/api/v1/voices").body())).readArray()
                .getValuesAs(JsonObject.class);
    }

    private static long millis(JsonObject timed, String field) {
        return Math.round(timed.getJsonNumber(field).doubleValue() * 1000);
    }

    private static int loudest(short[] pcm, int rate, long fromMillis, long toMillis) {
        int loudest = 0;
        for (int i = (int) (fromMillis * rate / 1000); i < Math.min(pcm.length, toMillis * rate / 1000); i++) {
            loudest = Math.max(loudest, Math.abs(pcm[i]));
        }
        return loudest;
    }
}
