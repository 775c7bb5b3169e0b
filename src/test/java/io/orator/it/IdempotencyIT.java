package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code Idempotency-Key} on submission: one job per key and request, however often it is sent. */
@ExtendWith(ArquillianExtension.class)
class IdempotencyIT {

    private static final String JOBS = "/api/v1/syntheses";
    private static final String BODY = "{\"script\": \"Speaker 1: Say this once, however often I ask.\"}";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    private static HttpResponse<String> submit(Client client, String key, String body) {
        return Api.send(Client.request("POST", JOBS, body).header("Authorization", "Bearer " + client.key)
                .header("Idempotency-Key", key).build());
    }

    private static int jobsOf(Client client) {
        return Api.json(client.get(JOBS + "?limit=100")).getJsonArray("items").size();
    }

    @Test
    void aRetryWithTheSameKeyAnswersTheFirstJob() {
        Client client = Client.create("retrying");
        HttpResponse<String> first = submit(client, "order-1", BODY);
        assertEquals(202, first.statusCode(), first.body());
        assertTrue(first.headers().firstValue("Idempotent-Replayed").isEmpty());
        HttpResponse<String> retry = submit(client, "order-1", BODY.replace("{", "{ "));
        assertEquals(202, retry.statusCode(), retry.body());
        assertEquals("true", retry.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(Api.json(first).getString("id"), Api.json(retry).getString("id"));
        assertEquals(first.headers().firstValue("Location"), retry.headers().firstValue("Location"));
        assertEquals(1, jobsOf(client));

        HttpResponse<String> other = submit(client, "order-2", BODY);
        assertNotEquals(Api.json(first).getString("id"), Api.json(other).getString("id"), "another key is another job");
        assertEquals(2, jobsOf(client));
    }

    @Test
    void retriesThatRaceMakeOneJob() throws Exception {
        Client client = Client.create("racing");
        int racers = 8;
        Phaser start = new Phaser(racers);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit((Callable<HttpResponse<String>>) () -> {
                    start.arriveAndAwaitAdvance();
                    return submit(client, "race-1", BODY);
                }));
            }
            Set<String> ids = new HashSet<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertEquals(202, response.statusCode(), response.body());
                ids.add(Api.json(response).getString("id"));
            }
            assertEquals(1, ids.size(), "every racer got the same job: " + ids);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, jobsOf(client), "one row");
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAndStoresNothing() {
        Client client = Client.create("reusing");
        assertEquals(202, submit(client, "k", BODY).statusCode());
        HttpResponse<String> reused = submit(client, "k", BODY.replace("once", "twice"));
        assertEquals(422, reused.statusCode(), reused.body());
        assertEquals("urn:orator:problem:idempotency-key-reused", Api.json(reused).getString("type"));
        assertEquals(1, jobsOf(client));
    }

    @Test
    void keysBelongToTheirClient() {
        Client a = Client.create("keys-a");
        Client b = Client.create("keys-b");
        String jobOfA = Api.json(submit(a, "shared", BODY)).getString("id");
        HttpResponse<String> ofB = submit(b, "shared", BODY);
        assertEquals(202, ofB.statusCode());
        assertFalse(ofB.headers().firstValue("Idempotent-Replayed").isPresent());
        assertNotEquals(jobOfA, Api.json(ofB).getString("id"));
    }

    @Test
    void aBadKeyIsA422AndStoresNothing() {
        Client client = Client.create("bad-keys");
        for (String key : List.of("has space", "x".repeat(256))) {
            HttpResponse<String> refused = submit(client, key, BODY);
            assertEquals(422, refused.statusCode(), refused.body());
            assertEquals("Idempotency-Key", Api.json(refused).getJsonArray("errors").getJsonObject(0).getString("field"));
        }
        HttpResponse<String> badBody = submit(client, "fine", "{\"script\": \"Speaker 9: Nobody.\"}");
        assertEquals(422, badBody.statusCode());
        assertEquals(0, jobsOf(client));
        assertEquals(202, submit(client, "fine", BODY).statusCode(), "a refused request did not use up its key");
    }

    @Test
    void aRetryAfterTheJobWasDeletedIsAConflict() {
        Client client = Client.create("deleting");
        String id = Api.json(submit(client, "gone", BODY)).getString("id");
        assertEquals(204, client.delete(JOBS + "/" + id).statusCode());
        HttpResponse<String> retry = submit(client, "gone", BODY);
        assertEquals(409, retry.statusCode(), retry.body());
        assertEquals("urn:orator:problem:idempotency-key-job-deleted", Api.json(retry).getString("type"));
        assertEquals(0, jobsOf(client));
    }
}
