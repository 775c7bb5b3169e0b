package io.orator.it;

import static io.orator.it.Api.await;
import static io.orator.it.Api.awaitStatus;
import static io.orator.it.Api.quote;
import static io.orator.it.Api.submit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.testing.S3TestServer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The server keeping its audio in an S3-compatible bucket (S3Proxy with V4 signatures, on
 * loopback): published whole, served with ranges and ETags, deleted, swept and expired there,
 * and a store that goes away holds jobs in the queue and takes readiness down until it is back.
 */
@ExtendWith(ArquillianExtension.class)
class S3StorageIT {

    private static final String BUCKET = "orator-it";
    private static final String PREFIX = "audio/";
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** The smallest multipart part S3 allows: a few minutes of speech are uploaded in parts. */
    private static final long PART_SIZE = 5L * 1024 * 1024;

    private static S3TestServer s3;
    private static S3Client bucket;

    /** The store starts before the application that is configured to use it. */
    @Deployment(testable = false)
    static WebArchive app() throws Exception {
        s3 = S3TestServer.start(Files.createTempDirectory("orator-s3-it"));
        bucket = s3.client();
        String settings = String.join("\n",
                "config_ordinal=150",
                "orator.storage.type=s3",
                "orator.storage.s3.endpoint=" + s3.endpoint(),
                "orator.storage.s3.bucket=" + BUCKET,
                "orator.storage.s3.prefix=" + PREFIX,
                "orator.storage.s3.create-bucket=true",
                "orator.storage.s3.access-key=" + S3TestServer.ACCESS_KEY,
                "orator.storage.s3.secret-key=" + S3TestServer.SECRET_KEY,
                "orator.storage.s3.part-size-bytes=" + PART_SIZE,
                "orator.storage.s3.connect-timeout-seconds=1",
                // The sweep test's orphans are fresh; no job runs while it sweeps.
                "orator.cleanup.orphan-grace-seconds=0", "");
        JavaArchive config = ShrinkWrap.create(JavaArchive.class, "s3-storage-settings.jar")
                .addAsManifestResource(new StringAsset(settings), "microprofile-config.properties");
        return Deployments.orator().addAsLibrary(config);
    }

    @AfterAll
    static void stopStore() throws Exception {
        bucket.close();
        s3.close();
    }

    private static String job(String text) {
        return "{\"script\": " + quote("Speaker 1: " + text) + "}";
    }

    private static byte[] object(String name) {
        return bucket.getObjectAsBytes(get -> get.bucket(BUCKET).key(PREFIX + name)).asByteArray();
    }

    private static List<String> objectsOf(String id) {
        return bucket.listObjectsV2Paginator(list -> list.bucket(BUCKET).prefix(PREFIX + id)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static HttpResponse<byte[]> download(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Api.BASE + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return Api.sendForBytes(request.build());
    }

    /** Files of a job on the node's disk besides the copies it keeps of finished audio. */
    private static List<String> localAudioOf(String id) throws Exception {
        try (Stream<Path> files = Files.walk(audioDirectory())) {
            return files.filter(file -> !file.startsWith(copies())).map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(id)).toList();
        }
    }

    private static Path audioDirectory() {
        return Path.of(System.getProperty("orator.it.data-dir"), "audio");
    }

    private static Path copies() {
        return audioDirectory().resolve("copies");
    }

    @Test
    void audioAndTimelineAreKeptInTheBucketAndServedFromItWithRangesAndETags() throws Exception {
        String id = submit(job("My audio lives in a bucket, not on this node's disk."));
        JsonObject done = awaitStatus(id, WAIT, "SUCCEEDED", "FAILED");
        assertEquals("SUCCEEDED", done.getString("status"), done.toString());

        assertEquals(List.of(PREFIX + id + "-1.timeline", PREFIX + id + "-1.wav"), objectsOf(id));
        assertEquals(List.of(), localAudioOf(id), "nothing of the job is left on the node's disk");
        assertTrue(Files.exists(copies().resolve(id + "-1.wav")), "but a copy of the audio it made, for seeking");
        byte[] stored = object(id + "-1.wav");
        HttpResponse<byte[]> whole = download("/api/v1/syntheses/" + id + "/audio");
        assertEquals(200, whole.statusCode());
        assertArrayEquals(stored, whole.body());
        String etag = whole.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> range = download("/api/v1/syntheses/" + id + "/audio", "Range", "bytes=44-1043");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(stored, 44, 1044), range.body());
        assertEquals("bytes 44-1043/" + stored.length, range.headers().firstValue("Content-Range").orElseThrow());
        assertEquals(304, download("/api/v1/syntheses/" + id + "/audio", "If-None-Match", etag).statusCode());

        HttpResponse<byte[]> flac = download("/api/v1/syntheses/" + id + "/audio?format=flac");
        assertEquals(200, flac.statusCode());
        assertEquals("fLaC", new String(flac.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        HttpResponse<String> timestamps = Api.get("/api/v1/syntheses/" + id + "/timestamps");
        assertEquals(200, timestamps.statusCode(), timestamps.body());
        assertFalse(Api.json(timestamps).getJsonArray("sentences").isEmpty());
    }

    @Test
    void longAudioIsUploadedInPartsAndDownloadsWhole() {
        String id = submit("{\"script\": " + quote(Api.longScript(120)) + "}");
        JsonObject done = awaitStatus(id, WAIT, "SUCCEEDED", "FAILED");
        assertEquals("SUCCEEDED", done.getString("status"), done.toString());

        byte[] stored = object(id + "-1.wav");
        assertTrue(stored.length > 2 * PART_SIZE, "long enough for three parts: " + stored.length);
        assertTrue(bucket.listMultipartUploads(list -> list.bucket(BUCKET)).uploads().isEmpty(), "no upload left open");
        HttpResponse<byte[]> whole = download("/api/v1/syntheses/" + id + "/audio");
        assertEquals(200, whole.statusCode());
        assertArrayEquals(stored, whole.body());
    }

    @Test
    void deletingAJobDeletesItsObjects() {
        String id = submit(job("Delete me and my objects."));
        awaitStatus(id, WAIT, "SUCCEEDED");
        assertEquals(2, objectsOf(id).size());
        assertTrue(Files.exists(copies().resolve(id + "-1.wav")));

        assertEquals(204, Api.delete("/api/v1/syntheses/" + id).statusCode());

        await(() -> objectsOf(id), List::isEmpty, WAIT, "the objects of deleted job " + id + " going");
        assertFalse(Files.exists(copies().resolve(id + "-1.wav")), "and this node's copy with them");
    }

    @Test
    void objectsNoJobOwnsAreSweptAndLiveOnesStay() {
        String live = submit(job("I stay in the bucket."));
        awaitStatus(live, WAIT, "SUCCEEDED");
        String orphan = UUID.randomUUID() + "-1";
        for (String name : List.of(orphan + ".wav", orphan + ".timeline", live + "-7.wav")) {
            bucket.putObject(put -> put.bucket(BUCKET).key(PREFIX + name), RequestBody.fromBytes(new byte[256]));
        }
        bucket.putObject(put -> put.bucket(BUCKET).key(PREFIX + "notes.txt"), RequestBody.fromString("not a job's"));

        HttpResponse<String> cleanup = Api.admin("POST", "/api/v1/admin/cleanup");

        assertEquals(200, cleanup.statusCode(), cleanup.body());
        assertTrue(Api.json(cleanup).getInt("orphanFilesRemoved") >= 3, cleanup.body());
        assertEquals(List.of(), objectsOf(orphan), "audio and timeline of no job go");
        assertEquals(List.of(PREFIX + live + "-1.timeline", PREFIX + live + "-1.wav"), objectsOf(live),
                "the live job keeps its audio; the attempt that is not its own went");
        assertEquals(1, objectsOf("notes").size(), "an object that names no job is left alone");
    }

    @Test
    void aStoreThatGoesAwayHoldsJobsInTheQueueTakesReadinessDownAndNothingIsHalfWritten() throws Exception {
        String kept = submit(job("I was stored before the outage."));
        String copied = submit(job("This node kept a copy of me."));
        awaitStatus(kept, WAIT, "SUCCEEDED");
        awaitStatus(copied, WAIT, "SUCCEEDED");
        byte[] copiedAudio = download("/api/v1/syntheses/" + copied + "/audio").body();
        // As if evicted: the node holds no copy of this one, so only the bucket has it.
        Files.delete(copies().resolve(kept + "-1.wav"));
        s3.stop();
        String waiting;
        try {
            JsonObject ready = await(() -> Api.json(Api.get(Api.MANAGEMENT + "/health/ready")),
                    health -> "DOWN".equals(storageCheck(health).getString("status")), WAIT, "readiness reporting storage DOWN");
            assertEquals("s3", storageCheck(ready).getJsonObject("data").getString("store"));
            assertEquals(503, Api.get(Api.MANAGEMENT + "/health/ready").statusCode());

            HttpResponse<String> audio = Api.get("/api/v1/syntheses/" + kept + "/audio");
            assertEquals(503, audio.statusCode(), audio.body());
            assertEquals("application/problem+json", audio.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(Api.json(audio).getString("type").endsWith("storage-unavailable"), audio.body());
            assertTrue(audio.headers().firstValue("Retry-After").isPresent());
            HttpResponse<byte[]> fromCopy = download("/api/v1/syntheses/" + copied + "/audio");
            assertEquals(200, fromCopy.statusCode(), "audio this node keeps a copy of is served without the bucket");
            assertArrayEquals(copiedAudio, fromCopy.body());

            waiting = submit(job("I wait for the store to come back."));
            await(() -> Api.json(Api.admin("GET", "/api/v1/admin/dispatch")), d -> d.getBoolean("waitingForStore"), WAIT,
                    "the dispatcher holding jobs for the store");
            assertEquals("QUEUED", Api.job(waiting).getString("status"), "a job does not start while its audio cannot be kept");
        } finally {
            s3.restart();
        }

        await(() -> Api.get(Api.MANAGEMENT + "/health/ready"), r -> r.statusCode() == 200, WAIT, "readiness coming back");
        JsonObject done = awaitStatus(waiting, WAIT, "SUCCEEDED", "FAILED");
        assertEquals("SUCCEEDED", done.getString("status"), done.toString());
        assertEquals(1, done.getJsonObject("stats").getInt("attempts"), "it ran once, after the store came back");
        assertEquals(List.of(PREFIX + waiting + "-1.timeline", PREFIX + waiting + "-1.wav"), objectsOf(waiting));
        assertArrayEquals(object(waiting + "-1.wav"), download("/api/v1/syntheses/" + waiting + "/audio").body());
        assertEquals(200, download("/api/v1/syntheses/" + kept + "/audio").statusCode());
        assertTrue(bucket.listMultipartUploads(list -> list.bucket(BUCKET)).uploads().isEmpty());
    }

    private static JsonObject storageCheck(JsonObject health) {
        return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(check -> "storage".equals(check.getString("name"))).findFirst().orElseThrow();
    }
}
