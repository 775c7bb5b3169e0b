package io.orator.webhooks;

import io.orator.platform.WorkerNode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends what the outbox holds, every second, on every node: each delivery is claimed first
 * ({@link WebhookClaims}), so only one node sends it. A 2xx answer is a delivery; anything else
 * (another status, a timeout, a refused connection, a destination that now resolves to a
 * private address) is tried again after the next of {@code orator.webhooks.retry-delays-seconds},
 * and given up after the last; 410 Gone gives up at once, as the receiver asked. Redirects are
 * not followed: they could lead anywhere the destination rule forbids.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
    private static final int PER_TICK = 20;
    /** Room in the claim column for the node's name before the random part. */
    private static final int MAX_NODE_PREFIX = 80;

    @Inject
    WebhookClaims claims;

    @Inject
    WebhookSigner signer;

    @Inject
    WebhookDestinations destinations;

    @Inject
    @ConfigProperty(name = "orator.webhooks.retry-delays-seconds", defaultValue = "5,30,120,600,1800,3600,7200,14400,28800")
    String retryDelays;

    @Inject
    @ConfigProperty(name = "orator.webhooks.timeout-seconds", defaultValue = "10")
    int timeoutSeconds;

    @Inject
    WorkerNode node;

    /** {@code <node>/<random>}: the claims of this node's earlier senders are known by the prefix. */
    private String sender;
    private String nodePrefix;
    /** Whether this sender has given back the claims its node's earlier senders left. */
    private boolean tookOver;
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedTries = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    /** Set at undeploy or shutdown: a pass stops after the try in flight and gives the rest of its claims back. */
    private volatile boolean stopping;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void tick() {
        // One pass at a time; a pass that outlasts a second makes the next tick a no-op.
        if (stopping || !sending.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!tookOver) {
                int released = claims.releaseEarlierSenders(nodePrefix, sender);
                tookOver = true;
                if (released > 0) {
                    LOG.info("Webhooks claimed by this server before it stopped are due again: " + released);
                }
            }
            List<WebhookDelivery> due;
            do {
                due = claims.claimDue(sender, PER_TICK);
                for (int i = 0; i < due.size(); i++) {
                    if (stopping) {
                        // Not tried: due again at once for whichever sender runs next, here after a restart or elsewhere.
                        claims.release(due.subList(i, due.size()).stream().map(WebhookDelivery::getId).toList(), sender);
                        return;
                    }
                    send(due.get(i));
                }
            } while (due.size() == PER_TICK);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Webhook pass failed; the next one retries", e);
        } finally {
            sending.set(false);
        }
    }

    @PostConstruct
    void name() {
        String name = node.name();
        nodePrefix = (name.length() > MAX_NODE_PREFIX ? name.substring(0, MAX_NODE_PREFIX) : name) + "/";
        sender = nodePrefix + UUID.randomUUID();
    }

    @PreDestroy
    void stop() {
        stopping = true;
    }

    private void send(WebhookDelivery delivery) {
        Optional<String> refused = destinations.refusal(delivery.getUrl());
        if (refused.isPresent()) {
            fail(delivery, null, "destination refused: the URL " + refused.get(), false);
            return;
        }
        long timestamp = Instant.now().getEpochSecond();
        String id = delivery.getId().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.getUrl()))
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Orator-Webhooks/1")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(id, timestamp, delivery.getPayload()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.getPayload()))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                claims.delivered(delivery.getId(), sender, status);
                delivered.incrementAndGet();
            } else {
                fail(delivery, status, "HTTP " + status, status != 410);
            }
        } catch (IOException e) {
            fail(delivery, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The claim runs out and another pass sends it.
        }
    }

    private void fail(WebhookDelivery delivery, Integer status, String error, boolean retry) {
        Optional<Duration> next = retry ? delay(delivery.getAttempts()) : Optional.empty();
        LOG.info("Webhook " + delivery.getId() + " for job " + delivery.getJobId() + " to " + delivery.getUrl()
                + " failed (" + error + "); " + next.map(d -> "next try in " + d.toSeconds() + " s").orElse("given up"));
        claims.failed(delivery.getId(), sender, status, error, next);
        failedTries.incrementAndGet();
        if (next.isEmpty()) {
            givenUp.incrementAndGet();
        }
    }

    /** Notifications this node delivered, since it started. */
    public long delivered() {
        return delivered.get();
    }

    /** Tries of this node that failed, retried or not. */
    public long failedTries() {
        return failedTries.get();
    }

    /** Notifications this node gave up on. */
    public long givenUp() {
        return givenUp.get();
    }

    /** The wait before try {@code attempts + 2}, if there is one. */
    private Optional<Duration> delay(int attempts) {
        List<Long> delays = Arrays.stream(retryDelays.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Long::parseLong).toList();
        return attempts < delays.size() ? Optional.of(Duration.ofSeconds(delays.get(attempts))) : Optional.empty();
    }
}
