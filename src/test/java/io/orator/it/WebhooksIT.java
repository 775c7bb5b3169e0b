package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Completion webhooks against a receiver in this test, on loopback (the test server allows
 * 127.0.0.1 with orator.webhooks.allowed-destinations and retries after 1 s): signed as Standard
 * Webhooks, retried with the same id, given up on 410, redelivered by an operator, refused for
 * private destinations.
 */
@ExtendWith(ArquillianExtension.class)
class WebhooksIT {

    /** What the receiver answers per path, in turn; the last answer repeats. */
    private static final Map<String, List<Integer>> ANSWERS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, BlockingQueue<Received>> RECEIVED = new ConcurrentHashMap<>();
    private static HttpServer receiver;

    record Received(Map<String, List<String>> headers, String body, Instant at) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            queue(path).add(new Received(Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8),
                    Instant.now()));
            List<Integer> answers = ANSWERS.getOrDefault(path, List.of(204));
            int call = CALLS.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
            exchange.sendResponseHeaders(answers.get(Math.min(call, answers.size() - 1)), -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    private static BlockingQueue<Received> queue(String path) {
        return RECEIVED.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private static Received next(String path) throws InterruptedException {
        Received received = queue(path).poll(90, TimeUnit.SECONDS);
        assertNotNull(received, "a webhook at " + path);
        return received;
    }

    private static String submitWithWebhook(String path) {
        return Api.submit("{\"script\": \"Speaker 1: Call me when it is done.\", \"webhookUrl\": " + Api.quote(url(path)) + "}");
    }

    /** The job's delivery; null before the job has finished. */
    private static JsonObject deliveryOf(String jobId) {
        List<JsonObject> items = Api.json(Api.admin("GET", "/api/v1/admin/webhooks/deliveries?job=" + jobId))
                .getJsonArray("items").stream().map(JsonValue::asJsonObject).toList();
        assertTrue(items.size() <= 1, "one delivery per finished job: " + items);
        return items.isEmpty() ? null : items.get(0);
    }

    private static JsonObject awaitDelivery(String jobId, String status) {
        return Api.await(() -> deliveryOf(jobId), d -> d != null && d.getString("status").equals(status),
                Duration.ofSeconds(90), "the delivery of job " + jobId + " reaching " + status);
    }

    /** Verifies as a Standard Webhooks receiver library does, from the spec, not from Orator's code. */
    private static void assertSigned(Received received) throws Exception {
        String secret = Api.json(Api.admin("GET", "/api/v1/admin/webhooks")).getString("signingSecret");
        assertTrue(secret.startsWith("whsec_"), secret);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        String signed = received.header("webhook-id") + "." + received.header("webhook-timestamp") + "." + received.body();
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, received.header("webhook-signature"));
        long age = Instant.now().getEpochSecond() - Long.parseLong(received.header("webhook-timestamp"));
        assertTrue(age >= -5 && age < 300, "a fresh timestamp: " + age + " s old");
    }

    @Test
    void aFinishedJobsFinalStateIsPostedSigned() throws Exception {
        String id = submitWithWebhook("/hooks/done");
        assertEquals(url("/hooks/done"), Api.job(id).getString("webhookUrl"));
        Api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");

        Received received = next("/hooks/done");
        assertEquals("application/json", received.header("Content-Type"));
        assertSigned(received);
        JsonObject payload = jakarta.json.Json.createReader(new java.io.StringReader(received.body())).readObject();
        assertEquals("job.succeeded", payload.getString("type"));
        assertEquals(id, payload.getJsonObject("data").getString("id"));
        assertEquals("SUCCEEDED", payload.getJsonObject("data").getString("status"));
        assertTrue(payload.getJsonObject("data").getJsonObject("audio").getString("url").endsWith(id + "/audio"));

        JsonObject delivery = awaitDelivery(id, "DELIVERED");
        assertEquals(received.header("webhook-id"), delivery.getString("id"));
        assertEquals(1, delivery.getInt("attempts"));
        assertEquals(204, delivery.getInt("lastStatus"));
        String metrics = Api.get(Api.MANAGEMENT + "/metrics").body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("orator_webhooks_delivered_total") && !l.endsWith(" 0.0")),
                "delivered webhooks are counted on /metrics");
        assertTrue(metrics.contains("orator_webhooks_given_up_total"));
    }

    @Test
    void aFailingReceiverIsTriedAgainWithTheSameId() throws Exception {
        ANSWERS.put("/hooks/flaky", List.of(500, 503, 200));
        String id = submitWithWebhook("/hooks/flaky");
        Received first = next("/hooks/flaky");
        Received second = next("/hooks/flaky");
        Received third = next("/hooks/flaky");
        assertEquals(first.header("webhook-id"), second.header("webhook-id"));
        assertEquals(first.header("webhook-id"), third.header("webhook-id"));
        assertEquals(first.body(), third.body(), "the same notification each time");
        assertSigned(third);
        assertFalse(second.at().isBefore(first.at().plusMillis(900)), "the retry waited its delay");
        JsonObject delivery = awaitDelivery(id, "DELIVERED");
        assertEquals(3, delivery.getInt("attempts"));
        assertEquals(200, delivery.getInt("lastStatus"));
    }

    @Test
    void aReceiverThatIsGoneIsGivenUpAndAnOperatorCanRedeliver() throws Exception {
        ANSWERS.put("/hooks/gone", List.of(410, 200));
        String id = submitWithWebhook("/hooks/gone");
        next("/hooks/gone");
        JsonObject failed = awaitDelivery(id, "FAILED");
        assertEquals(1, failed.getInt("attempts"), "410 is not retried");
        assertEquals(410, failed.getInt("lastStatus"));

        String delivery = failed.getString("id");
        assertEquals(401, Api.asUser("POST", "/api/v1/admin/webhooks/deliveries/" + delivery + "/redeliver", null, null)
                .statusCode(), "operators only");
        HttpResponse<String> again = Api.admin("POST", "/api/v1/admin/webhooks/deliveries/" + delivery + "/redeliver");
        assertEquals(200, again.statusCode(), again.body());
        next("/hooks/gone");
        assertEquals(2, awaitDelivery(id, "DELIVERED").getInt("attempts"));
        HttpResponse<String> twice = Api.admin("POST", "/api/v1/admin/webhooks/deliveries/" + delivery + "/redeliver");
        assertEquals(409, twice.statusCode(), "only a given-up delivery is tried again");
    }

    @Test
    void aReceiverThatNeverAnswersIsGivenUpAfterTheLastRetry() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String id = Api.submit("{\"script\": \"Speaker 1: Nobody listens.\", \"webhookUrl\": \"http://127.0.0.1:"
                + closedPort + "/hooks/nobody\"}");
        JsonObject failed = awaitDelivery(id, "FAILED");
        assertEquals(4, failed.getInt("attempts"), "the first try and one per retry delay (1,1,1)");
        assertTrue(failed.getString("lastError").contains("Connect"), failed.toString());
        assertFalse(failed.containsKey("lastStatus"));
    }

    @Test
    void aCancelledJobIsReportedToo() throws Exception {
        assertEquals(200, Api.admin("POST", "/api/v1/admin/dispatch/pause").statusCode());
        try {
            String id = submitWithWebhook("/hooks/cancelled");
            assertEquals(200, Api.post("/api/v1/syntheses/" + id + "/cancel", "").statusCode());
            JsonObject payload = jakarta.json.Json.createReader(new java.io.StringReader(next("/hooks/cancelled").body()))
                    .readObject();
            assertEquals("job.cancelled", payload.getString("type"));
            assertEquals("CANCELLED", payload.getJsonObject("data").getString("status"));
        } finally {
            Api.admin("POST", "/api/v1/admin/dispatch/resume");
        }
    }

    @Test
    void privateOrMalformedDestinationsAreRefusedAndNothingIsStored() {
        int before = Api.json(Api.get("/api/v1/syntheses?limit=100")).getJsonArray("items").size();
        for (String url : List.of("http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/",
                "http://127.0.0.2:9990/management", "http://0.0.0.0:8080/api", "ftp://127.0.0.1/hook",
                "http://user:pw@127.0.0.1/hook", "hooks/relative")) {
            HttpResponse<String> refused = Api.post("/api/v1/syntheses",
                    "{\"script\": \"Speaker 1: Hi.\", \"webhookUrl\": " + Api.quote(url) + "}");
            assertEquals(422, refused.statusCode(), url + ": " + refused.body());
            assertEquals("webhookUrl", Api.json(refused).getJsonArray("errors").getJsonObject(0).getString("field"));
        }
        assertEquals(before, Api.json(Api.get("/api/v1/syntheses?limit=100")).getJsonArray("items").size(), "nothing stored");
    }

    @Test
    void theDeliveryLogIsForOperatorsAndFiltersCheckTheirValues() {
        assertEquals(401, Api.asUser("GET", "/api/v1/admin/webhooks", null, null).statusCode());
        assertEquals(401, Api.asUser("GET", "/api/v1/admin/webhooks/deliveries", null, null).statusCode());
        HttpResponse<String> badStatus = Api.admin("GET", "/api/v1/admin/webhooks/deliveries?status=SENT");
        assertEquals(422, badStatus.statusCode());
        assertEquals("status", Api.json(badStatus).getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(422, Api.admin("GET", "/api/v1/admin/webhooks/deliveries?limit=0").statusCode());
        assertEquals(422, Api.admin("GET", "/api/v1/admin/webhooks/deliveries?job=not-a-uuid").statusCode());
        assertEquals(404, Api.admin("POST", "/api/v1/admin/webhooks/deliveries/" + java.util.UUID.randomUUID()
                + "/redeliver").statusCode());
        JsonObject overview = Api.json(Api.admin("GET", "/api/v1/admin/webhooks"));
        assertTrue(overview.getJsonObject("deliveries").keySet().containsAll(List.of("pending", "delivered", "failed")));
    }
}
