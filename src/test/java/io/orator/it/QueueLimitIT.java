package io.orator.it;

import static io.orator.it.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A full queue refuses submissions with 429, problem+json and Retry-After, stores nothing for
 * them, and takes jobs again as soon as there is room. The test server's limit is 60
 * (orator.queue.max-depth in arquillian.xml).
 */
@ExtendWith(ArquillianExtension.class)
class QueueLimitIT {

    static final int LIMIT = 60;
    static final String JOB = "{\"script\": \"Speaker 1: Waiting in a full queue.\"}";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @Test
    void fullQueueRefusesWithRetryAfterAndAcceptsAgainWhenThereIsRoom() {
        List<String> queued = new ArrayList<>();
        assertEquals(200, Api.admin("POST", "/api/v1/admin/dispatch/pause").statusCode());
        try {
            long alreadyQueued = queueDepth();
            HttpResponse<String> refused = null;
            for (int i = 0; i <= LIMIT && refused == null; i++) {
                HttpResponse<String> response = Api.post("/api/v1/syntheses", JOB);
                if (response.statusCode() == 202) {
                    queued.add(json(response).getString("id"));
                } else {
                    refused = response;
                }
            }
            assertTrue(refused != null, "the queue took more than its limit");
            assertEquals(LIMIT, alreadyQueued + queued.size(), "refused exactly at the limit");
            assertQueueFull(refused);

            long jobsBefore = totalJobs();
            for (int i = 0; i < 3; i++) {
                assertQueueFull(Api.post("/api/v1/syntheses", JOB));
            }
            assertEquals(jobsBefore, totalJobs(), "a refused submission stores nothing");

            assertEquals(200, Api.post("/api/v1/syntheses/" + queued.remove(0) + "/cancel", "").statusCode());
            HttpResponse<String> again = Api.post("/api/v1/syntheses", JOB);
            assertEquals(202, again.statusCode(), "room again after a cancel: " + again.body());
            queued.add(json(again).getString("id"));
            assertQueueFull(Api.post("/api/v1/syntheses", JOB));
        } finally {
            queued.forEach(id -> Api.post("/api/v1/syntheses/" + id + "/cancel", ""));
            Api.admin("POST", "/api/v1/admin/dispatch/resume");
        }
    }

    private static void assertQueueFull(HttpResponse<String> response) {
        assertEquals(429, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals("30", response.headers().firstValue("Retry-After").orElse(""), "clients learn when to retry");
        JsonObject problem = json(response);
        assertEquals("urn:orator:problem:queue-full", problem.getString("type"));
        assertEquals(429, problem.getInt("status"));
        assertTrue(problem.getString("detail").contains(String.valueOf(LIMIT)), problem.toString());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    private static long queueDepth() {
        return json(Api.admin("GET", "/api/v1/admin/dispatch")).getJsonNumber("queueDepth").longValue();
    }

    private static long totalJobs() {
        JsonObject counts = json(Api.admin("GET", "/api/v1/admin/dashboard")).getJsonObject("jobs");
        return counts.values().stream().mapToLong(v -> ((jakarta.json.JsonNumber) v).longValue()).sum();
    }
}
