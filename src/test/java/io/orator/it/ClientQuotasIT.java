package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.dispatch.Dispatcher;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-client limits: a client at its limit gets 429 with Retry-After while another client is
 * served. Runs inside the server to set one client's limits there (audio quotas: CleanupIT).
 */
@ExtendWith(ArquillianExtension.class)
class ClientQuotasIT {

    private static final String JOBS = "/api/v1/syntheses";
    private static final String BODY = "{\"script\": \"Speaker 1: Queue me.\"}";

    @Inject
    Dispatcher dispatcher;

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Deployment
    static WebArchive app() {
        return Deployments.orator().addClasses(Api.class, Client.class, EventStream.class);
    }

    private static String limit(Client client, String limit, String value) {
        String key = "orator.client." + client.name + "." + limit;
        System.setProperty(key, value);
        return key;
    }

    private static void assertLimited(HttpResponse<String> response, String limit) {
        assertEquals(429, response.statusCode(), response.body());
        JsonObject problem = Api.json(response);
        assertEquals("urn:orator:problem:client-limit", problem.getString("type"));
        assertEquals(limit, problem.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertTrue(Integer.parseInt(response.headers().firstValue("Retry-After").orElseThrow()) >= 1);
    }

    @Test
    void aClientWithTwoJobsWaitingGetsNoThirdWhileAnotherClientIsServed() {
        Client full = Client.create("queue-full");
        Client other = Client.create("queue-other");
        String key = limit(full, "max-queued-jobs", "2");
        dispatcher.pause();
        try {
            assertEquals(202, full.post(JOBS, BODY).statusCode());
            assertEquals(202, full.post(JOBS, BODY).statusCode());
            assertLimited(full.post(JOBS, BODY), "max-queued-jobs");
            assertEquals(202, other.post(JOBS, BODY).statusCode(), "another client is not held back");
            assertEquals(2, Api.json(full.get(JOBS)).getJsonArray("items").size(), "the refused job was not stored");
        } finally {
            dispatcher.resume();
            System.clearProperty(key);
        }
    }

    @Test
    void aClientPastItsCharactersOfTheDayGets429UntilTomorrowAndDeletingDoesNotGiveThemBack() {
        Client writer = Client.create("writer");
        Client other = Client.create("writer-other");
        String script = "{\"script\": \"Speaker 1: Thirty characters, more or less.\"}";
        String key = limit(writer, "max-characters-per-day", "60");
        try {
            HttpResponse<String> first = writer.post(JOBS, script);
            assertEquals(202, first.statusCode(), first.body());
            int characters = Api.json(first).getInt("characters");
            assertTrue(characters > 30 && characters <= 60, "the test's premise: " + characters);
            HttpResponse<String> second = writer.post(JOBS, script);
            assertLimited(second, "max-characters-per-day");
            long retryAfter = Long.parseLong(second.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter <= 86_400, "until the end of the UTC day: " + retryAfter);
            assertEquals(202, other.post(JOBS, script).statusCode(), "another client is not held back");

            assertEquals(204, writer.delete(JOBS + "/" + Api.json(first).getString("id")).statusCode());
            assertLimited(writer.post(JOBS, script), "max-characters-per-day");
        } finally {
            System.clearProperty(key);
        }
        List<?> usage = em.createNativeQuery("SELECT jobs, characters FROM client_usage WHERE client = ?")
                .setParameter(1, writer.name).getResultList();
        assertEquals(1, usage.size(), "one row for the day");
        Object[] row = (Object[]) usage.get(0);
        assertEquals(1L, ((Number) row[0]).longValue(), "only the admitted job counts, and it still counts when deleted");
    }

    @Test
    void theReportingViewsCountJobsPerClientDayAndOutcome() {
        Client reported = Client.create("reported");
        String id = Api.json(reported.post(JOBS, BODY)).getString("id");
        Api.await(() -> Api.json(reported.get(JOBS + "/" + id)).getString("status"), "SUCCEEDED"::equals,
                java.time.Duration.ofSeconds(60), "the job to succeed");
        List<?> rows = em.createNativeQuery("SELECT status, jobs, characters, audio_seconds FROM job_outcomes_daily "
                + "WHERE client = ? AND submitted_on = CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS DATE)")
                .setParameter(1, reported.name).getResultList();
        assertEquals(1, rows.size(), "one outcome so far");
        Object[] row = (Object[]) rows.get(0);
        assertEquals("SUCCEEDED", row[0]);
        assertEquals(1L, ((Number) row[1]).longValue());
        assertTrue(((Number) row[3]).doubleValue() > 0, "audio seconds");
        assertEquals(0, em.createNativeQuery("SELECT * FROM job_failures_daily WHERE client = ?")
                .setParameter(1, reported.name).getResultList().size());
    }

    @Test
    void aClientOverItsSubmissionRateGets429() {
        Client eager = Client.create("eager");
        Client calm = Client.create("calm");
        String key = limit(eager, "max-submissions-per-second", "1");
        try {
            // Two submissions within one second, started together; at most one is admitted.
            List<CompletableFuture<HttpResponse<String>>> both = new ArrayList<>();
            HttpRequest request = Client.request("POST", JOBS, BODY).header("Authorization", "Bearer " + eager.key).build();
            Api.await(() -> {
                both.clear();
                both.add(CompletableFuture.supplyAsync(() -> Api.send(request)));
                both.add(CompletableFuture.supplyAsync(() -> Api.send(request)));
                return both.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).sorted().toList();
            }, codes -> codes.equals(List.of(202, 429)), java.time.Duration.ofSeconds(30),
                    "two submissions in one second to meet the limit");
            HttpResponse<String> refused = both.stream().map(CompletableFuture::join)
                    .filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
            assertLimited(refused, "max-submissions-per-second");
            assertEquals(202, calm.post(JOBS, BODY).statusCode());
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void aClientWithItsEventStreamsOpenGetsNoMore() throws Exception {
        Client watcher = Client.create("watcher");
        String key = limit(watcher, "max-event-streams", "1");
        dispatcher.pause();
        try {
            String id = Api.json(watcher.post(JOBS, BODY)).getString("id");
            try (EventStream first = EventStream.open(id, null, "Bearer " + watcher.key)) {
                assertEquals(200, first.response.statusCode());
                first.next(java.time.Duration.ofSeconds(10));
                assertLimited(watcher.get(JOBS + "/" + id + "/events"), "max-event-streams");
            }
            // Once the server noticed the closed stream, the client may open another.
            Api.await(() -> {
                try (EventStream again = EventStream.open(id, null, "Bearer " + watcher.key)) {
                    return again.response.statusCode();
                }
            }, status -> status == 200, java.time.Duration.ofSeconds(30), "the closed stream to be released");
        } finally {
            dispatcher.resume();
            System.clearProperty(key);
        }
    }
}
