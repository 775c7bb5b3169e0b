package io.orator.it;

import static io.orator.it.Api.json;
import static io.orator.it.Api.post;
import static io.orator.it.Api.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every kind of bad request gets a clear problem+json 4xx, and none leaves a job behind. */
@ExtendWith(ArquillianExtension.class)
class BadInputIT {

    private static final String SYNTHESES = "/api/v1/syntheses";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    private int jobsBefore;

    @BeforeEach
    void countJobs() {
        jobsBefore = totalJobs();
    }

    @AfterEach
    void nothingPersisted() {
        assertEquals(jobsBefore, totalJobs(), "a rejected request must not store a job");
    }

    @Test
    void rejectsEmptyScript() {
        assertProblem(post(SYNTHESES, "{\"script\": \"\"}"), 422, "script");
    }

    @Test
    void rejectsWhitespaceOnlyScript() {
        assertProblem(post(SYNTHESES, "{\"script\": \"  \\n\\t  \"}"), 422, "script");
    }

    @Test
    void rejectsBothScriptAndTurns() {
        assertProblem(post(SYNTHESES, "{\"script\": \"Hello\", \"turns\": [{\"speaker\": 1, \"text\": \"Hi\"}]}"), 422, "turns");
    }

    @Test
    void rejectsNeitherScriptNorTurns() {
        assertProblem(post(SYNTHESES, "{\"speed\": 1.0}"), 422, "script");
    }

    @Test
    void rejectsSpeakerZero() {
        assertProblem(post(SYNTHESES, "{\"script\": \"Speaker 0: Hello there.\"}"), 422, "script");
    }

    @Test
    void rejectsSpeakerFive() {
        assertProblem(post(SYNTHESES, "{\"script\": \"Speaker 5: Hello there.\"}"), 422, "script");
    }

    @Test
    void rejectsSpeakerFiveInTurns() {
        assertProblem(post(SYNTHESES, "{\"turns\": [{\"speaker\": 5, \"text\": \"Hello\"}]}"), 422, null);
    }

    @Test
    void rejectsMoreThanFourSpeakersInTurns() {
        String turns = "{\"turns\": [" + "{\"speaker\": 1, \"text\": \"a\"},{\"speaker\": 2, \"text\": \"b\"},"
                + "{\"speaker\": 3, \"text\": \"c\"},{\"speaker\": 4, \"text\": \"d\"},{\"speaker\": 6, \"text\": \"e\"}]}";
        assertProblem(post(SYNTHESES, turns), 422, null);
    }

    @Test
    void rejectsUnknownVoice() {
        JsonObject problem = assertProblem(post(SYNTHESES,
                "{\"script\": \"Speaker 1: Hello.\", \"voices\": {\"1\": \"no-such-voice\"}}"), 422, "voices.1");
        assertTrue(problem.getJsonArray("errors").getJsonObject(0).getString("message").contains("no-such-voice"));
    }

    @Test
    void rejectsVoiceForSpeakerOutOfRange() {
        assertProblem(post(SYNTHESES, "{\"script\": \"Hello.\", \"voices\": {\"7\": \"en-us-f3\"}}"), 422, "voices.7");
    }

    @Test
    void rejectsSpeedBelowRange() {
        assertProblem(post(SYNTHESES, "{\"script\": \"Hello.\", \"speed\": 0.1}"), 422, "speed");
    }

    @Test
    void rejectsSpeedAboveRange() {
        assertProblem(post(SYNTHESES, "{\"script\": \"Hello.\", \"speed\": 4.5}"), 422, "speed");
    }

    @Test
    void rejectsRetentionAboveMaximum() {
        assertProblem(post(SYNTHESES, "{\"script\": \"Hello.\", \"retentionHours\": 100000}"), 422, "retentionHours");
    }

    @Test
    void rejectsTextOverTheCharacterLimitWith413() {
        String script = "Speaker 1: " + "word ".repeat(20_001);
        assertProblem(post(SYNTHESES, "{\"script\": " + quote(script) + "}"), 413, null);
    }

    @Test
    void rejectsMalformedJson() {
        assertProblem(post(SYNTHESES, "{\"script\": \"Hello"), 400, null);
    }

    @Test
    void rejectsJsonOfTheWrongShape() {
        assertProblem(post(SYNTHESES, "{\"script\": \"Hello\", \"speed\": \"fast\"}"), 400, null);
    }

    @Test
    void rejectsWrongContentTypeWith415() {
        assertProblem(Api.postBytes(SYNTHESES, "text/plain", "Speaker 1: Hello".getBytes(StandardCharsets.UTF_8)), 415, null);
    }

    @Test
    void rejectsControlCharacters() {
        assertProblem(post(SYNTHESES, "{\"script\": \"Speaker 1: Hello\\u0007 there.\"}"), 422, "script");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] prefix = "{\"script\": \"Speaker 1: caf".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
        body[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
        assertProblem(Api.postBytes(SYNTHESES, "application/json", body), 400, null);
    }

    @Test
    void rejectsScriptOfOnlySpeakerTags() {
        assertProblem(post(SYNTHESES, "{\"script\": \"Speaker 1:\\nSpeaker 2:\\n\"}"), 422, "script");
    }

    @Test
    void rejectsScriptWithNothingToSpeak() {
        JsonObject problem = assertProblem(post(SYNTHESES, "{\"script\": \"Speaker 1: ... ?!\\nSpeaker 2: — ★ ♪\"}"),
                422, "script");
        assertTrue(problem.getString("detail").contains("nothing to speak"), problem.toString());
        assertProblem(post(SYNTHESES, "{\"turns\": [{\"speaker\": 1, \"text\": \"…\"}]}"), 422, "turns");
    }

    @Test
    void rejectsNonUuidIdWith404() {
        assertProblem(Api.get(SYNTHESES + "/not-a-uuid"), 404, null);
        assertProblem(Api.get(SYNTHESES + "/not-a-uuid/audio"), 404, null);
    }

    @Test
    void unknownJobIs404() {
        assertProblem(Api.get(SYNTHESES + "/6f1c2d3e-0000-4000-8000-000000000000"), 404, null);
    }

    @Test
    void rejectsUnknownStatusFilterAndBadCursor() {
        assertProblem(Api.get(SYNTHESES + "?status=DONE"), 422, "status");
        assertProblem(Api.get(SYNTHESES + "?cursor=%25%25%25"), 422, "cursor");
        assertProblem(Api.get(SYNTHESES + "?limit=0"), 422, "limit");
    }

    @Test
    void malformedMediaTypeHeadersAreProblemsAndStoreNothing() {
        int before = totalJobs();
        String body = "{\"script\": \"Speaker 1: Hello.\"}";
        assertProblem(Api.send(Client.request("POST", SYNTHESES, body).header("Accept", "abc").build()), 400, "Accept");
        assertProblem(Api.send(Client.request("POST", SYNTHESES, body).header("Accept", "application/json;q=high").build()),
                400, "Accept");
        assertProblem(Api.send(Client.request("POST", SYNTHESES, body).setHeader("Content-Type", "a/b/c").build()),
                400, "Content-Type");
        assertProblem(Api.send(Client.request("GET", SYNTHESES, null).header("Accept", "<{;x").build()), 400, "Accept");
        assertProblem(Api.send(Client.request("POST", SYNTHESES, body).setHeader("Content-Type", "application/json; charset")
                .build()), 400, "Content-Type");
        assertProblem(Api.send(Client.request("POST", SYNTHESES, body).setHeader("Content-Type", "application/json; charset=klingon")
                .build()), 400, "Content-Type");
        assertEquals(before, totalJobs());
        assertEquals(200, Api.send(Client.request("GET", SYNTHESES, null)
                .header("Accept", "application/json;q=0.9, */*;q=0.1").build()).statusCode(), "a good list is served");
    }

    private static JsonObject assertProblem(HttpResponse<String> response, int status, String field) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json",
                response.headers().firstValue("Content-Type").orElse("").split(";")[0], response.body());
        JsonObject problem = json(response);
        assertEquals(status, problem.getInt("status"));
        assertTrue(problem.getString("type").startsWith("urn:orator:problem:"));
        assertFalse(problem.getString("title").isBlank());
        assertFalse(response.body().contains("Exception"), "no stack traces or class names: " + response.body());
        if (field != null) {
            assertTrue(problem.getJsonArray("errors").stream()
                    .anyMatch(e -> e.asJsonObject().getString("field").equals(field)),
                    "expected an error on " + field + ": " + response.body());
        }
        return problem;
    }

    private static int totalJobs() {
        int total = 0;
        String cursor = null;
        do {
            JsonObject page = json(Api.get(SYNTHESES + "?limit=100" + (cursor == null ? "" : "&cursor=" + cursor)));
            total += page.getJsonArray("items").size();
            cursor = page.containsKey("next") ? page.getString("next") : null;
        } while (cursor != null);
        return total;
    }
}
