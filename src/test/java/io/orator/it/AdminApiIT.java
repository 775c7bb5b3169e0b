package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/v1/admin}: the operators' endpoints and who may use them. */
@ExtendWith(ArquillianExtension.class)
class AdminApiIT {

    private static final String DASHBOARD = "/api/v1/admin/dashboard";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @Test
    void refusesRequestsWithoutCredentials() {
        for (String[] call : List.of(new String[] {"GET", DASHBOARD}, new String[] {"POST", "/api/v1/admin/dispatch/pause"},
                new String[] {"POST", "/api/v1/admin/cleanup"}, new String[] {"GET", "/api/v1/admin/dispatch"})) {
            HttpResponse<String> response = Api.asUser(call[0], call[1], null, null);
            assertEquals(401, response.statusCode(), call[1]);
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), call[1]);
        }
        assertFalse(Api.json(Api.admin("GET", "/api/v1/admin/dispatch")).getBoolean("paused"),
                "the refused pause did nothing");
    }

    @Test
    void refusesStateChangesThatAnotherSiteMadeTheBrowserSend() {
        String pause = "/api/v1/admin/dispatch/pause";
        for (String[] header : List.of(new String[] {"Sec-Fetch-Site", "cross-site"}, new String[] {"Sec-Fetch-Site", "same-site"},
                new String[] {"Origin", "http://evil.example"}, new String[] {"Origin", "null"},
                new String[] {"Content-Type", "application/x-www-form-urlencoded"}, new String[] {"Content-Type", "text/plain"},
                new String[] {"Content-Type", "multipart/form-data; boundary=x"})) {
            HttpResponse<String> refused = Api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Api.BASE + pause))
                    .header("Authorization", Api.basic(Api.ADMIN_USER, Api.ADMIN_PASSWORD)).header(header[0], header[1])
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(header[0].equals("Content-Type") ? "a=b" : "")).build());
            assertEquals(403, refused.statusCode(), header[0] + ": " + header[1]);
            assertEquals("urn:orator:problem:cross-site-request", Api.json(refused).getString("type"));
        }
        assertFalse(Api.json(Api.admin("GET", "/api/v1/admin/dispatch")).getBoolean("paused"), "no refused pause took effect");

        HttpResponse<String> sameOrigin = Api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Api.BASE + "/api/v1/admin/cleanup"))
                .header("Authorization", Api.basic(Api.ADMIN_USER, Api.ADMIN_PASSWORD))
                .header("Sec-Fetch-Site", "same-origin").header("Origin", Api.BASE)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertTrue(sameOrigin.statusCode() == 200 || sameOrigin.statusCode() == 409, sameOrigin.body());
    }

    @Test
    void everyAnswerCarriesTheBrowserSecurityHeaders() {
        for (HttpResponse<String> response : List.of(Api.get("/api/v1/voices"), Api.get("/api/v1/syntheses/" + UUID.randomUUID()),
                Api.admin("GET", "/console/"), Api.admin("GET", "/console/console.js"), Api.admin("GET", DASHBOARD))) {
            String what = response.uri() + " " + response.statusCode();
            assertEquals("default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
                    response.headers().firstValue("Content-Security-Policy").orElse(""), what);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), what);
            assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(""), what);
        }
    }

    @Test
    void usageSumsEachClientsSubmissionsAndOutcomes() {
        Client client = Client.create("usage");
        String id = client.submit("Speaker 1: Count my characters and my audio.");
        client.awaitStatus(id, "SUCCEEDED");
        HttpResponse<String> response = Api.admin("GET", "/api/v1/admin/usage?days=1");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject usage = Api.json(response).getJsonArray("clients").stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("client").equals(client.name)).findFirst().orElseThrow();
        assertEquals(1, usage.getInt("jobs"));
        assertEquals("Count my characters and my audio.".length(), usage.getInt("characters"));
        assertEquals(1, usage.getInt("succeeded"));
        assertEquals(0, usage.getInt("failed"));
        assertTrue(usage.getJsonNumber("audioSeconds").doubleValue() > 0);
        assertEquals(422, Api.admin("GET", "/api/v1/admin/usage?days=0").statusCode());
    }

    @Test
    void refusesAWrongPasswordOrUser() {
        assertEquals(401, Api.asUser("GET", DASHBOARD, Api.ADMIN_USER, "wrong").statusCode());
        assertEquals(401, Api.asUser("GET", DASHBOARD, "someone", Api.ADMIN_PASSWORD).statusCode());
        assertEquals(401, Api.asUser("GET", DASHBOARD, Api.ADMIN_USER, "").statusCode());
    }

    @Test
    void publicApiNeedsNoCredentials() {
        assertEquals(200, Api.get("/api/v1/voices").statusCode());
    }

    @Test
    void dashboardSummarisesQueueOutcomesEngineMemoryAndHealth() {
        String id = Api.submit("{\"script\": \"Speaker 1: Put me on the dashboard.\"}");
        Api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
        HttpResponse<String> response = Api.admin("GET", DASHBOARD + "?hours=3");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject dashboard = Api.json(response);
        JsonObject dispatch = dashboard.getJsonObject("dispatch");
        assertTrue(dispatch.containsKey("queueDepth"));
        assertTrue(dispatch.getInt("claims") >= 1, "this node claimed the job: " + dispatch);
        assertEquals(0, dispatch.getInt("claimsLostToOtherNodes"), "a single node never loses a claim: " + dispatch);
        assertTrue(dashboard.getJsonObject("jobs").getInt("SUCCEEDED") >= 1);
        var hours = dashboard.getJsonArray("jobsPerHour");
        assertEquals(3, hours.size());
        assertTrue(hours.getJsonObject(2).getInt("SUCCEEDED") >= 1, "this hour counts the job: " + hours);
        JsonObject engine = dashboard.getJsonObject("engine");
        assertTrue(engine.getBoolean("ready"));
        assertTrue(engine.getJsonNumber("lastRealTimeFactor").doubleValue() > 0);
        assertTrue(dashboard.getJsonObject("memory").getJsonNumber("rssBytes").longValue() > 100_000_000);
        List<String> checks = dashboard.getJsonArray("health").stream()
                .map(c -> c.asJsonObject().getString("name")).sorted().toList();
        assertEquals(List.of("clients", "database", "dispatch", "gpu", "storage", "voices"), checks);
        assertEquals(422, Api.admin("GET", DASHBOARD + "?hours=0").statusCode());
    }

    @Test
    void pausedDispatchLeavesJobsQueuedUntilResumed() {
        JsonObject paused = Api.json(Api.admin("POST", "/api/v1/admin/dispatch/pause"));
        assertTrue(paused.getBoolean("paused"));
        String id;
        try {
            id = Api.submit("{\"script\": \"Speaker 1: Wait for the operator.\"}");
            Api.sleep(1500);
            assertEquals("QUEUED", Api.job(id).getString("status"));
            assertTrue(Api.json(Api.admin("GET", "/api/v1/admin/dispatch")).getInt("queueDepth") >= 1);
        } finally {
            assertFalse(Api.json(Api.admin("POST", "/api/v1/admin/dispatch/resume")).getBoolean("paused"));
        }
        Api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
    }

    @Test
    void cleanupRunsNowAndReports() {
        HttpResponse<String> response = Api.admin("POST", "/api/v1/admin/cleanup");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject report = Api.json(response);
        for (String field : List.of("expired", "overQuota", "tempFilesRemoved", "orphanFilesRemoved",
                "historyRowsPurged", "bytesFreed")) {
            assertTrue(report.containsKey(field), field);
        }
    }

    @Test
    void reloadRunsBetweenJobsUnderItsNameAndItsOlderNames() {
        HttpResponse<String> recycled = Api.admin("POST", "/api/v1/admin/engines/reload");
        assertEquals(200, recycled.statusCode(), recycled.body());
        JsonObject engine = Api.json(recycled).getJsonObject("engine");
        assertTrue(engine.getBoolean("ready"));
        assertEquals(0, engine.getInt("jobsSinceReload"));
        int reloads = engine.getInt("reloads");
        for (String olderName : List.of("/api/v1/admin/engine/recycle", "/api/v1/admin/voices/rescan")) {
            HttpResponse<String> reloaded = Api.admin("POST", olderName);
            assertEquals(200, reloaded.statusCode(), reloaded.body());
            assertTrue(Api.json(reloaded).getJsonObject("engine").getInt("voices") > 10);
        }
        assertEquals(reloads + 2, engine().getInt("reloads"));
        String id = Api.submit("{\"script\": \"Speaker 1: Fresh engines still speak.\"}");
        Api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
        assertEquals(1, Api.json(Api.admin("GET", DASHBOARD)).getJsonObject("engine").getInt("jobsSinceReload"));
    }

    @Test
    void reloadRequestedDuringAJobWaitsForItToEnd() {
        int reloads = engine().getInt("reloads");
        String id = Api.submit("{\"script\": " + Api.quote(Api.longScript(200)) + "}");
        Api.awaitStatus(id, Duration.ofSeconds(60), "RUNNING", "SUCCEEDED");
        HttpResponse<String> recycle = Api.admin("POST", "/api/v1/admin/engines/reload");
        assertTrue(recycle.statusCode() == 202 || recycle.statusCode() == 200, recycle.body());
        JsonObject job = Api.awaitStatus(id, Duration.ofSeconds(120), "SUCCEEDED", "FAILED");
        assertEquals("SUCCEEDED", job.getString("status"), "the job finished with the engines it started with");
        Instant limit = Instant.now().plusSeconds(30);
        JsonObject engine = engine();
        while (!(engine.getBoolean("ready") && !engine.getBoolean("reloadPending")) && Instant.now().isBefore(limit)) {
            Api.sleep(100);
            engine = engine();
        }
        assertTrue(engine.getBoolean("ready"), engine.toString());
        assertEquals(reloads + 1, engine.getInt("reloads"), "reloaded exactly once");
    }

    private static JsonObject engine() {
        return Api.json(Api.admin("GET", DASHBOARD)).getJsonObject("engine");
    }

    @Test
    void retryQueuesACancelledJobAgainAndKeepsItsAttempts() {
        Api.admin("POST", "/api/v1/admin/dispatch/pause");
        String id;
        try {
            id = Api.submit("{\"script\": \"Speaker 1: Give me another chance.\"}");
            assertEquals("CANCELLED", Api.json(Api.post("/api/v1/syntheses/" + id + "/cancel", "")).getString("status"));
            HttpResponse<String> retried = Api.admin("POST", "/api/v1/admin/syntheses/" + id + "/retry");
            assertEquals(200, retried.statusCode(), retried.body());
            JsonObject job = Api.json(retried);
            assertEquals("QUEUED", job.getString("status"));
            assertTrue(Api.isNull(job, "error") && Api.isNull(job, "finishedAt"), job.toString());
        } finally {
            Api.admin("POST", "/api/v1/admin/dispatch/resume");
        }
        JsonObject done = Api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
        assertEquals(1, done.getJsonObject("stats").getInt("attempts"));
        assertEquals(409, Api.admin("POST", "/api/v1/admin/syntheses/" + id + "/retry").statusCode(),
                "a succeeded job is not retried");
        assertEquals(404, Api.admin("POST", "/api/v1/admin/syntheses/" + UUID.randomUUID() + "/retry").statusCode());
    }
}
