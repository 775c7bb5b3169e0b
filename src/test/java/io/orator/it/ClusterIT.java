package io.orator.it;

import static io.orator.it.Api.await;
import static io.orator.it.Api.quote;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.orator.testing.S3TestServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two Orator servers on one PostgreSQL database and one S3-compatible bucket, as a deployment
 * with more than one node runs: jobs submitted to either run on either, end exactly once and
 * are served by both; a node killed with SIGKILL loses nothing, and its long job continues on
 * the other node from its last kept segment to the same samples; a draining node hands its job
 * over; a cancel or delete sent to one node stops the job on the other. The nodes use a database
 * of their own, so the suite's server (which shares the PostgreSQL of that run) never takes
 * their jobs. Runs where the suite runs on PostgreSQL.
 */
class ClusterIT {

    private static final String DATABASE = "orator_cluster";
    private static final String BUCKET = "orator-cluster";
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final String LONG_SCRIPT = "{\"script\": " + quote(Api.longScript(300)) + "}";

    private static S3TestServer s3;
    private static S3Client bucket;
    private static ClusterNode a;
    private static ClusterNode b;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("orator.it.database")),
                "the nodes share a PostgreSQL database: run with -Ppostgresql");
        psql("DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE);
        Path root = Files.createTempDirectory("orator-cluster");
        s3 = S3TestServer.start(Files.createDirectories(root.resolve("bucket")));
        bucket = s3.client();
        Map<String, String> settings = new HashMap<>(Map.of(
                "orator.storage.type", "s3",
                "orator.storage.s3.endpoint", s3.endpoint().toString(),
                "orator.storage.s3.bucket", BUCKET,
                "orator.storage.s3.create-bucket", "true",
                "orator.storage.s3.access-key", S3TestServer.ACCESS_KEY,
                "orator.storage.s3.secret-key", S3TestServer.SECRET_KEY,
                "orator.admin.user", Api.ADMIN_USER,
                "orator.admin.password", Api.ADMIN_PASSWORD));
        settings.putAll(Map.of(
                // Fast failover for the test: heartbeats stale after 5 s, a dispatch tick every second.
                "orator.dispatch.timer-seconds", "1",
                "orator.recovery.stale-after-seconds", "5",
                "orator.cleanup.interval-seconds", "3600",
                "orator.cleanup.orphan-grace-seconds", "5",
                "orator.queue.max-depth", "1000"));
        Map<String, String> database = Map.of("POSTGRESQL_SERVICE_HOST", "127.0.0.1", "POSTGRESQL_SERVICE_PORT", "5432",
                "POSTGRESQL_DATABASE", DATABASE, "POSTGRESQL_USER", "postgres", "POSTGRESQL_PASSWORD", "postgres");
        a = new ClusterNode("node-a", 400, root, settings, database);
        b = new ClusterNode("node-b", 500, root, settings, database);
        a.start();
        b.start();
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, bucket, s3}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void twoHundredJobsOnTwoNodesEndOnceEachThroughAKillAndARestart() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ClusterNode to = i % 2 == 0 ? a : b;
            ids.add(submit(to, "{\"script\": " + quote("Speaker 1: Job number " + i + " is spoken by whichever node takes it.\n"
                    + "Speaker 2: And " + (i * 7) + " is its lucky number.") + "}"));
        }
        await(() -> succeeded(a, ids), done -> done >= 40, WAIT, "forty jobs done");
        a.kill();
        a.start();

        for (String id : ids) {
            finished(a, id);
        }
        // Node b ran from the first job to the last: its claims are counted, and it did its share.
        JsonObject claimsOfB = b.dispatch();
        assertTrue(claimsOfB.getInt("claims") >= 40, "node b's claims: " + claimsOfB);
        assertTrue(claimsOfB.getInt("claimsLostToOtherNodes") >= 0);
        Map<String, List<String>> audioByJob = objects().stream().filter(key -> key.endsWith(".wav"))
                .collect(Collectors.groupingBy(key -> key.substring("audio/".length(), "audio/".length() + 36)));
        for (String id : ids) {
            assertEquals(1, audioByJob.getOrDefault(id, List.of()).size(), "one audio object for job " + id + ": " + audioByJob.get(id));
            byte[] fromA = audio(a, id);
            assertArrayEquals(fromA, audio(b, id), "job " + id + " downloads the same from both nodes");
            assertTrue(fromA.length > 44);
        }
        // Whatever the kill left half done (an upload of the job it ran, a segment) goes with the cleanup.
        Set<String> expected = ids.stream().map(id -> "audio/" + id + "-").collect(Collectors.toSet());
        await(() -> {
            Api.admin("POST", a.api() + "/api/v1/admin/cleanup");
            return objects();
        }, keys -> keys.size() == 2 * ids.size() && keys.stream().allMatch(key -> expected.contains(key.substring(0, 43))
                        && (key.endsWith(".wav") || key.endsWith(".timeline")) && !key.contains(".seg")),
                WAIT, "the bucket holding exactly the 200 jobs' audio and timelines");
    }

    @Test
    void aLongJobWhoseNodeIsKilledContinuesOnTheOtherNodeToTheSameAudio() throws Exception {
        byte[] reference = audio(a, finished(a, submit(a, LONG_SCRIPT)));
        String id = submit(b, LONG_SCRIPT);
        ClusterNode running = runningNodeOf(id);
        ClusterNode other = running == a ? b : a;
        // Past the first kept segment (a minute of speech), then the node dies.
        await(() -> chunksDone(other, id), done -> done >= 40, WAIT, "job " + id + " past its first segment");
        running.kill();
        try {
            JsonObject done = job(other, finished(other, id));
            assertEquals(2, done.getJsonObject("stats").getInt("attempts"));
            assertArrayEquals(reference, audio(other, id), "the same samples as an uninterrupted run");
        } finally {
            running.start();
        }
    }

    @Test
    void aDrainingNodeHandsItsRunningJobToTheOtherNode() throws Exception {
        String id = submit(a, LONG_SCRIPT);
        ClusterNode running = runningNodeOf(id);
        ClusterNode other = running == a ? b : a;
        try {
            assertEquals(200, Api.admin("POST", running.api() + "/api/v1/admin/dispatch/drain").statusCode());
            await(() -> other.runningJob().orElse(""), id::equals, WAIT, "the other node taking job " + id + " over");
            JsonObject done = job(other, finished(other, id));
            assertEquals(2, done.getJsonObject("stats").getInt("attempts"));
        } finally {
            Api.admin("POST", running.api() + "/api/v1/admin/dispatch/resume");
        }
    }

    @Test
    void aCancelSentToOneNodeStopsTheJobOnTheOther() {
        String id = submit(a, LONG_SCRIPT);
        ClusterNode running = runningNodeOf(id);
        ClusterNode other = running == a ? b : a;

        assertEquals(202, Api.post(other.api() + "/api/v1/syntheses/" + id + "/cancel", "").statusCode());

        assertEquals("CANCELLED", awaitStatus(other, id, "CANCELLED", "SUCCEEDED").getString("status"));
        await(() -> running.runningJob().orElse(""), now -> !now.equals(id), WAIT, "job " + id + " stopping on " + running.name());
    }

    @Test
    void aDeleteSentToOneNodeStopsTheJobOnTheOtherAndLeavesNoAudio() {
        String id = submit(a, LONG_SCRIPT);
        ClusterNode running = runningNodeOf(id);
        ClusterNode other = running == a ? b : a;

        assertEquals(204, Api.delete(other.api() + "/api/v1/syntheses/" + id).statusCode());

        await(() -> running.runningJob().orElse(""), now -> !now.equals(id), WAIT, "job " + id + " stopping on " + running.name());
        assertEquals(404, Api.get(running.api() + "/api/v1/syntheses/" + id).statusCode());
        assertTrue(objects().stream().noneMatch(key -> key.contains(id) && key.endsWith(".wav")), "no audio of the deleted job");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static String submit(ClusterNode node, String json) {
        HttpResponse<String> response = Api.post(node.api() + "/api/v1/syntheses", json);
        assertEquals(202, response.statusCode(), response.body());
        return Api.json(response).getString("id");
    }

    private static long succeeded(ClusterNode node, List<String> ids) {
        return ids.stream().filter(id -> "SUCCEEDED".equals(job(node, id).getString("status"))).count();
    }

    private static String finished(ClusterNode node, String id) {
        JsonObject done = awaitStatus(node, id, "SUCCEEDED", "FAILED", "CANCELLED");
        assertEquals("SUCCEEDED", done.getString("status"), done.toString());
        return id;
    }

    private static JsonObject job(ClusterNode node, String id) {
        HttpResponse<String> response = Api.get(node.api() + "/api/v1/syntheses/" + id);
        assertEquals(200, response.statusCode(), response.body());
        return Api.json(response);
    }

    private static JsonObject awaitStatus(ClusterNode node, String id, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        return await(() -> job(node, id), job -> wanted.contains(job.getString("status")),
                WAIT, "job " + id + " reaching " + wanted + " on " + node.name());
    }

    private static ClusterNode runningNodeOf(String id) {
        Map<String, ClusterNode> seen = new ConcurrentHashMap<>();
        await(() -> {
            for (ClusterNode node : List.of(a, b)) {
                if (node.runningJob().filter(id::equals).isPresent()) {
                    seen.put(id, node);
                }
            }
            return seen.containsKey(id);
        }, Boolean::booleanValue, WAIT, "job " + id + " running on a node");
        return seen.get(id);
    }

    private static int chunksDone(ClusterNode node, String id) {
        JsonObject job = job(node, id);
        return job.containsKey("chunks") ? job.getJsonObject("chunks").getInt("done") : 0;
    }

    private static byte[] audio(ClusterNode node, String id) {
        HttpResponse<byte[]> response = Api.sendForBytes(HttpRequest.newBuilder(
                URI.create(node.api() + "/api/v1/syntheses/" + id + "/audio")).GET().build());
        assertEquals(200, response.statusCode(), "audio of job " + id + " from " + node.name());
        return response.body();
    }

    private static List<String> objects() {
        return bucket.listObjectsV2Paginator(list -> list.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
    }

    private static void psql(String... commands) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q",
                "-v", "ON_ERROR_STOP=1"));
        for (String sql : commands) {
            command.add("-c");
            command.add(sql);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }
}
