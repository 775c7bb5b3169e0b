package io.orator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.orator.platform.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

    private static SubmissionRequest request(Map<String, String> voices, Double speed) {
        return new SubmissionRequest("Speaker 1: Hi.\nSpeaker 2: Hello.", null, voices, speed, null, null, null);
    }

    @Test
    void theSameFieldsInAnotherOrderAreTheSameRequest() {
        Map<String, String> oneTwo = new LinkedHashMap<>();
        oneTwo.put("1", "en-us-f3");
        oneTwo.put("2", "en-us-m7");
        Map<String, String> twoOne = new LinkedHashMap<>();
        twoOne.put("2", "en-us-m7");
        twoOne.put("1", "en-us-f3");
        assertEquals(Idempotency.of("k", request(oneTwo, 1.0)), Idempotency.of("k", request(twoOne, 1.0)));
    }

    @Test
    void anyDifferentFieldIsAnotherRequest() {
        Idempotency base = Idempotency.of("k", request(Map.of("1", "en-us-f3"), 1.0));
        assertNotEquals(base.requestSha256(), Idempotency.of("k", request(Map.of("1", "en-us-m7"), 1.0)).requestSha256());
        assertNotEquals(base.requestSha256(), Idempotency.of("k", request(Map.of("1", "en-us-f3"), 1.5)).requestSha256());
        assertNotEquals(base.requestSha256(), Idempotency.of("k", request(Map.of("1", "en-us-f3"), null)).requestSha256());
        SubmissionRequest turns = new SubmissionRequest(null,
                List.of(new SubmissionRequest.TurnRequest(1, "Hi.")), Map.of("1", "en-us-f3"), 1.0, null, null, null);
        assertNotEquals(base.requestSha256(), Idempotency.of("k", turns).requestSha256());
        SubmissionRequest notified = new SubmissionRequest("Speaker 1: Hi.\nSpeaker 2: Hello.", null, Map.of("1", "en-us-f3"),
                1.0, null, null, "https://hooks.example.com/done");
        assertNotEquals(base.requestSha256(), Idempotency.of("k", notified).requestSha256(), "the webhook is part of the request");
        SubmissionRequest mp3 = new SubmissionRequest("Speaker 1: Hi.\nSpeaker 2: Hello.", null, Map.of("1", "en-us-f3"),
                1.0, null, "mp3", null);
        assertNotEquals(base.requestSha256(), Idempotency.of("k", mp3).requestSha256(), "the format is part of the request");
    }

    @Test
    void keysArePrintableAsciiUpTo255Characters() {
        SubmissionRequest request = request(null, null);
        Idempotency.of("order-42/retry:7", request);
        Idempotency.of("x".repeat(255), request);
        for (String bad : List.of("", "with space", "x".repeat(256), "tab\there", "ümlaut")) {
            ProblemException problem = assertThrows(ProblemException.class, () -> Idempotency.of(bad, request), bad);
            assertEquals(422, problem.status());
            assertEquals("Idempotency-Key", problem.errors().get(0).field());
        }
    }
}
