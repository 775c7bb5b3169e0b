package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.testing.WebVtt;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Jobs given as SSML, from the request to the audio, timestamps and captions; and SSML refused. */
@ExtendWith(ArquillianExtension.class)
class SsmlIT {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @Test
    void breaksMarksAliasesAndVoicesReachTheAudioTimestampsAndCaptions() {
        String ssml = """
                <speak version="1.1" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US">
                  <p>Welcome to the show.<mark name="intro-end"/><break time="2s"/>Today the
                  <sub alias="World Wide Web">WWW</sub> turns <say-as interpret-as="cardinal">35</say-as>.</p>
                  <voice name="Speaker 2"><prosody rate="slow" pitch="+2st">Thanks for having me.</prosody></voice>
                </speak>""";
        String id = Api.submit("{\"ssml\": " + Api.quote(ssml) + "}");
        JsonObject job = Api.awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");
        assertEquals(2, job.getInt("speakers"));
        int rate = job.getJsonObject("audio").getInt("sampleRate");
        short[] pcm = SpeechSamples.of(Api.sendForBytes(HttpRequest.newBuilder(URI.create(Api.BASE + "/api/v1/syntheses/" + id
                + "/audio")).build()).body());

        JsonObject timestamps = Api.json(Api.get("/api/v1/syntheses/" + id + "/timestamps"));
        List<JsonObject> sentences = timestamps.getJsonArray("sentences").getValuesAs(JsonObject.class);
        assertEquals(List.of("Welcome to the show.", "Today the WWW turns 35.", "Thanks for having me."),
                sentences.stream().map(s -> s.getString("text")).toList());
        assertEquals(List.of(1, 1, 2), sentences.stream().map(s -> s.getInt("speaker")).toList());
        List<String> words = sentences.get(1).getJsonArray("words").getValuesAs(JsonObject.class).stream()
                .map(w -> w.getString("text")).toList();
        assertEquals(List.of("Today", "the", "WWW", "turns", "35."), words,
                "an alias and a number read out are each the one word written");

        List<JsonObject> marks = timestamps.getJsonArray("marks").getValuesAs(JsonObject.class);
        assertEquals(1, marks.size());
        assertEquals("intro-end", marks.get(0).getString("name"));
        long mark = Math.round(marks.get(0).getJsonNumber("time").doubleValue() * 1000);
        assertTrue(mark >= millis(sentences.get(0), "end") && mark < millis(sentences.get(0), "end") + 300,
                "the mark at " + mark + " ms is where the first sentence's audio ends");
        // The break is two seconds of silence after the mark, where the next sentence's sound starts.
        long nextSound = SpeechSamples.firstSound(pcm, rate, mark + 50);
        assertTrue(nextSound >= mark + 2000 && nextSound <= mark + 2150, "sound again at " + nextSound
                + " ms after a mark at " + mark + " ms");
        assertEquals(nextSound, millis(sentences.get(1), "start"), 30);

        HttpResponse<String> vtt = Api.get("/api/v1/syntheses/" + id + "/captions");
        assertEquals(200, vtt.statusCode());
        List<WebVtt.Cue> cues = WebVtt.parse(vtt.body());
        String shown = String.join(" ", cues.stream().map(c -> c.text().replace('\n', ' ')).toList());
        assertTrue(shown.contains("WWW turns 35."), shown);
        assertEquals("Speaker 2", cues.get(cues.size() - 1).voice());
    }

    @Test
    void turnsMayMixTextAndSsmlAndSsmlMayNameAVoiceOfTheServer() {
        String id = Api.submit("""
                {"turns": [
                  {"speaker": 1, "text": "A plain turn."},
                  {"speaker": 2, "ssml": "<speak>An SSML turn, <voice name='en-us-m1'>and a guest voice.</voice></speak>"}
                ], "voices": {"1": "en-us-f3", "2": "en-us-m7"}}""");
        JsonObject job = Api.awaitStatus(id, JOB_TIMEOUT, "SUCCEEDED");

        assertEquals(3, job.getInt("speakers"));
        JsonObject voices = job.getJsonObject("voices");
        assertEquals("en-us-f3", voices.getString("1"));
        assertEquals("en-us-m7", voices.getString("2"));
        assertEquals("en-us-m1", voices.getString("3"), "the voice named in SSML is given a speaker of its own");
        List<JsonObject> sentences = Api.json(Api.get("/api/v1/syntheses/" + id + "/timestamps"))
                .getJsonArray("sentences").getValuesAs(JsonObject.class);
        assertEquals(List.of(1, 2, 3), sentences.stream().map(s -> s.getInt("speaker")).toList());
    }

    @Test
    void malformedSsmlIsA422WithItsLineAndColumn() {
        HttpResponse<String> response = Api.post("/api/v1/syntheses",
                "{\"ssml\": " + Api.quote("<speak>\n  <p>Never closed\n</speak>") + "}");

        assertEquals(422, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonObject problem = Api.json(response);
        assertEquals("urn:orator:problem:invalid-ssml", problem.getString("type"));
        JsonObject error = problem.getJsonArray("errors").getJsonObject(0);
        assertEquals("ssml", error.getString("field"));
        assertEquals(3, error.getInt("line"));
        assertTrue(error.getInt("column") > 1);
    }

    @Test
    void externalEntitiesAndUnsupportedElementsAreRefusedAndNoJobIsMade() {
        String before = newestJob();
        HttpResponse<String> xxe = Api.post("/api/v1/syntheses", "{\"ssml\": " + Api.quote(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE speak [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<speak>&x;</speak>")
                + "}");
        assertEquals(422, xxe.statusCode(), xxe.body());
        assertTrue(xxe.body().contains("DOCTYPE") && !xxe.body().contains("root:"), xxe.body());

        HttpResponse<String> audio = Api.post("/api/v1/syntheses", "{\"turns\": [{\"speaker\": 1, \"ssml\": "
                + Api.quote("<speak>Hi <audio src=\"http://example.com/a.wav\"/></speak>") + "}]}");
        assertEquals(422, audio.statusCode(), audio.body());
        JsonObject error = Api.json(audio).getJsonArray("errors").getJsonObject(0);
        assertEquals("turns[0].ssml", error.getString("field"));
        assertEquals(1, error.getInt("line"));

        HttpResponse<String> both = Api.post("/api/v1/syntheses", "{\"script\": \"Hi.\", \"ssml\": \"<speak>Hi.</speak>\"}");
        assertEquals(422, both.statusCode(), both.body());
        HttpResponse<String> neither = Api.post("/api/v1/syntheses",
                "{\"turns\": [{\"speaker\": 1, \"text\": \"Hi.\", \"ssml\": \"<speak>Hi.</speak>\"}]}");
        assertEquals(422, neither.statusCode(), neither.body());
        assertEquals(before, newestJob(), "no job was made");
    }

    @Test
    void anSsmlDocumentOverItsLimitIsA413() {
        String huge = "<speak>" + "<break time=\"1ms\"/>".repeat(20_001) + "Hi.</speak>";
        HttpResponse<String> response = Api.post("/api/v1/syntheses", "{\"ssml\": " + Api.quote(huge) + "}");
        assertEquals(413, response.statusCode(), response.body());
    }

    /** The id of the newest job, or an empty string when there is none. */
    private static String newestJob() {
        var items = Api.json(Api.get("/api/v1/syntheses?limit=1")).getJsonArray("items");
        return items.isEmpty() ? "" : items.getJsonObject(0).getString("id");
    }

    private static long millis(JsonObject timed, String field) {
        return Math.round(timed.getJsonNumber(field).doubleValue() * 1000);
    }
}
