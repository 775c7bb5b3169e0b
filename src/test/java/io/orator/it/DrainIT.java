package io.orator.it;

import static io.orator.it.Api.await;
import static io.orator.it.Api.awaitStatus;
import static io.orator.it.Api.quote;
import static io.orator.it.Api.submit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A draining node (told so by an operator, or stopping) hands its running job back to the queue
 * at the next sentence's end, keeping what it spoke; the job's next attempt goes on from there
 * and ends with the same audio as an uninterrupted run. Periodic segments are off here, so only
 * the drain can have kept anything.
 */
@ExtendWith(ArquillianExtension.class)
class DrainIT {

    private static final String NAME = "draining";
    private static final Duration WAIT = Duration.ofSeconds(180);
    /** Long enough to be caught running: about 20 minutes of speech. */
    private static final String SCRIPT = "{\"script\": " + quote(Api.longScript(300)) + "}";

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive app() {
        JavaArchive config = ShrinkWrap.create(JavaArchive.class, "drain-settings.jar")
                .addAsManifestResource(new StringAsset("config_ordinal=150\norator.resume.segment-seconds=0\n"),
                        "microprofile-config.properties");
        return Deployments.orator().addAsLibrary(config);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void anOperatorsDrainHandsTheRunningJobBackAndResumeLetsItGoOnFromThere() throws Exception {
        deployer.deploy(NAME);
        try {
            byte[] reference = audioOf(finished(submit(SCRIPT)));
            String id = submit(SCRIPT);
            int seen = runningWithProgress(id);

            HttpResponse<String> drained = Api.admin("POST", "/api/v1/admin/dispatch/drain");
            assertEquals(200, drained.statusCode(), drained.body());
            assertTrue(Api.json(drained).getBoolean("draining"));

            JsonObject queued = awaitStatus(id, WAIT, "QUEUED");
            int kept = queued.getJsonObject("chunks").getInt("done");
            assertTrue(kept >= seen && kept > 0, "kept " + kept + " chunks, " + seen + " were seen spoken");
            JsonObject dispatch = Api.json(Api.admin("GET", "/api/v1/admin/dispatch"));
            assertTrue(dispatch.getBoolean("draining"));
            assertFalse(dispatch.containsKey("running"), "a draining node runs nothing: " + dispatch);

            assertEquals(200, Api.admin("POST", "/api/v1/admin/dispatch/resume").statusCode());
            JsonObject done = finished(id);
            assertEquals(2, done.getJsonObject("stats").getInt("attempts"));
            assertArrayEquals(reference, audioOf(done), "the same audio as an uninterrupted run");
        } finally {
            deployer.undeploy(NAME);
        }
    }

    @Test
    void stoppingTheApplicationHandsTheRunningJobBackForTheNextStartToGoOn() throws Exception {
        deployer.deploy(NAME);
        String id;
        int seen;
        try {
            id = submit(SCRIPT);
            seen = runningWithProgress(id);
        } finally {
            deployer.undeploy(NAME);
        }
        deployer.deploy(NAME);
        try {
            JsonObject first = Api.job(id);
            if (!"SUCCEEDED".equals(first.getString("status"))) {
                assertTrue(Set.of("QUEUED", "RUNNING").contains(first.getString("status")), first.toString());
                assertTrue(first.getJsonObject("chunks").getInt("done") >= seen,
                        "the job goes on from where the stop kept it, not from the start: " + first);
            }
            JsonObject done = finished(id);
            assertEquals(2, done.getJsonObject("stats").getInt("attempts"), "one attempt before the stop, one after");
        } finally {
            deployer.undeploy(NAME);
        }
    }

    /** Waits until the job runs and has spoken a few chunks; returns how many were seen. */
    private static int runningWithProgress(String id) {
        JsonObject running = await(() -> Api.job(id), job -> "RUNNING".equals(job.getString("status"))
                && job.containsKey("chunks") && job.getJsonObject("chunks").getInt("done") >= 5, WAIT, "job " + id + " under way");
        return running.getJsonObject("chunks").getInt("done");
    }

    private static JsonObject finished(String id) {
        JsonObject done = awaitStatus(id, WAIT, "SUCCEEDED", "FAILED", "CANCELLED");
        assertEquals("SUCCEEDED", done.getString("status"), done.toString());
        return done;
    }

    private static byte[] audioOf(JsonObject job) {
        return Api.sendForBytes(HttpRequest.newBuilder(URI.create(Api.BASE + "/api/v1/syntheses/" + job.getString("id") + "/audio"))
                .GET().build()).body();
    }
}
