package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A webhook whose delivery is still owed when the application stops is sent after it starts
 * again, at once and with the same {@code webhook-id}: the outbox is in the database, not in
 * memory, and the restarted sender takes over the claim its stopped predecessor held. (The try
 * in flight at the stop is not counted: the beans that record it stop with the application.)
 */
@ExtendWith(ArquillianExtension.class)
class WebhookRestartIT {

    private static final String NAME = "webhooks-restarted";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void aDeliveryOwedWhenTheApplicationStopsIsSentAfterItStartsAgainWithTheSameId() throws Exception {
        CountDownLatch firstTryHeld = new CountDownLatch(1);
        CountDownLatch releaseFirstTry = new CountDownLatch(1);
        AtomicBoolean accepting = new AtomicBoolean();
        BlockingQueue<String> accepted = new LinkedBlockingQueue<>();
        BlockingQueue<String> refused = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (accepting.get()) {
                accepted.add(id);
                exchange.sendResponseHeaders(204, -1);
            } else {
                // The try stays in flight until the application is on its way down, then fails.
                refused.add(id);
                firstTryHeld.countDown();
                try {
                    releaseFirstTry.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(503, -1);
            }
            exchange.close();
        });
        ExecutorService answering = Executors.newCachedThreadPool();
        receiver.setExecutor(answering);
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/restart";
        boolean deployed = false;
        try {
            deployer.deploy(NAME);
            deployed = true;
            String job = Api.submit("{\"script\": \"Speaker 1: Tell me after the restart.\", \"webhookUrl\": "
                    + Api.quote(url) + "}");
            assertTrue(firstTryHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the first try reached the receiver");

            // The web layer stops before the beans it calls: once the API is gone, the sender is
            // stopping, and the try in flight may fail. (Arquillian undeploys only from the test's thread.)
            Thread release = new Thread(() -> {
                Api.await(() -> Api.get("/api/v1/voices").statusCode(), status -> status == 404, WAIT,
                        "the API to go with the undeploy");
                releaseFirstTry.countDown();
            }, "release-after-undeploy-began");
            release.start();
            deployer.undeploy(NAME);
            deployed = false;
            release.join(WAIT.toMillis());
            assertFalse(release.isAlive());
            assertEquals(0, releaseFirstTry.getCount(), "the first try was released once the API had gone");
            String firstId = refused.poll();
            assertNotNull(firstId);

            accepting.set(true);
            deployer.deploy(NAME);
            deployed = true;
            String sentAgain = accepted.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(firstId, sentAgain, "the same delivery, sent by the restarted application");
            JsonObject delivery = Api.await(() -> deliveryOf(job), d -> d != null && d.getString("status").equals("DELIVERED"),
                    WAIT, "the delivery to be recorded");
            assertEquals(firstId, delivery.getString("id"));
            assertTrue(accepted.isEmpty(), "sent once after the restart: " + accepted);
        } finally {
            releaseFirstTry.countDown();
            if (deployed) {
                deployer.undeploy(NAME);
            }
            receiver.stop(0);
            answering.shutdownNow();
        }
    }

    private static JsonObject deliveryOf(String jobId) {
        List<JsonObject> items = Api.json(Api.admin("GET", "/api/v1/admin/webhooks/deliveries?job=" + jobId))
                .getJsonArray("items").stream().map(JsonValue::asJsonObject).toList();
        return items.isEmpty() ? null : items.get(0);
    }
}
