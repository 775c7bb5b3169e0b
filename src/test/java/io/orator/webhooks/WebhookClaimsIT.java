package io.orator.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.it.Deployments;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Senders on several nodes race for the same outbox: started together by a phaser, four
 * senders (and the server's own) claim at once, and no delivery is held by two of them.
 */
@ExtendWith(ArquillianExtension.class)
class WebhookClaimsIT {

    private static final int DELIVERIES = 40;
    private static final int SENDERS = 4;

    @Deployment
    static WebArchive app() {
        return Deployments.orator();
    }

    @Inject
    WebhookOutbox outbox;

    @Inject
    WebhookClaims claims;

    @Inject
    UserTransaction transaction;

    @jakarta.persistence.PersistenceContext(unitName = "orator")
    jakarta.persistence.EntityManager em;

    @Test
    void theLogForgetsFinishedDeliveriesAndKeepsPendingOnes() throws Exception {
        transaction.begin();
        // A receiver on a port nobody listens on would be tried by the server's own sender: these
        // are due in an hour, so only this test touches them.
        UUID done = outbox.enqueue(UUID.randomUUID(), "purge", "http://127.0.0.1:9/done", "job.succeeded", "{}");
        UUID pending = outbox.enqueue(UUID.randomUUID(), "purge", "http://127.0.0.1:9/pending", "job.succeeded", "{}");
        em.createQuery("UPDATE WebhookDelivery d SET d.nextAttemptAt = :later WHERE d.id IN (:ids)")
                .setParameter("later", java.time.Instant.now().plusSeconds(3600))
                .setParameter("ids", List.of(done, pending)).executeUpdate();
        em.createQuery("UPDATE WebhookDelivery d SET d.status = :delivered WHERE d.id = :id")
                .setParameter("delivered", WebhookDelivery.Status.DELIVERED).setParameter("id", done).executeUpdate();
        transaction.commit();

        assertTrue(claims.purgeOverBefore(java.time.Instant.now().plusSeconds(1)) >= 1);
        em.clear();
        assertEquals(null, em.find(WebhookDelivery.class, done), "a delivered notification past retention goes");
        assertEquals(WebhookDelivery.Status.PENDING, em.find(WebhookDelivery.class, pending).getStatus(),
                "a pending one stays, however old");
    }

    @Test
    void aSenderGivesBackOnlyItsOwnClaims() throws Exception {
        transaction.begin();
        UUID mine = outbox.enqueue(UUID.randomUUID(), "release", "http://127.0.0.1:9/mine", "job.succeeded", "{}");
        UUID theirs = outbox.enqueue(UUID.randomUUID(), "release", "http://127.0.0.1:9/theirs", "job.succeeded", "{}");
        // Held as a stopped sender leaves them: claimed for a long while, not tried.
        em.createQuery("UPDATE WebhookDelivery d SET d.claimedBy = :sender, d.claimedUntil = :later WHERE d.id = :id")
                .setParameter("sender", "stopping-sender").setParameter("later", java.time.Instant.now().plusSeconds(3600))
                .setParameter("id", mine).executeUpdate();
        em.createQuery("UPDATE WebhookDelivery d SET d.claimedBy = :sender, d.claimedUntil = :later WHERE d.id = :id")
                .setParameter("sender", "another-sender").setParameter("later", java.time.Instant.now().plusSeconds(3600))
                .setParameter("id", theirs).executeUpdate();
        transaction.commit();

        assertEquals(1, claims.release(List.of(mine, theirs), "stopping-sender"));

        em.clear();
        // Released, it is due at once: the server's own sender may already hold it again, never the stopped one.
        assertTrue(!"stopping-sender".equals(claimedBy(mine)));
        assertEquals("another-sender", claimedBy(theirs), "another sender's claim stays");
        assertEquals(0, claims.release(List.of(), "stopping-sender"));
    }

    @Test
    void aStartingSenderTakesOverTheClaimsOfItsNodesEarlierSendersOnly() throws Exception {
        transaction.begin();
        UUID earlier = claimedAs("node-a/earlier-sender");
        UUID current = claimedAs("node-a/current-sender");
        UUID otherNode = claimedAs("node-ab/its-sender");
        transaction.commit();

        assertEquals(1, claims.releaseEarlierSenders("node-a/", "node-a/current-sender"));

        em.clear();
        assertTrue(!"node-a/earlier-sender".equals(claimedBy(earlier)), "an earlier life's claim is given back");
        assertEquals("node-a/current-sender", claimedBy(current), "the running sender keeps its own");
        assertEquals("node-ab/its-sender", claimedBy(otherNode), "another node's claim stays, whatever its name begins with");
    }

    /** A pending delivery, due in an hour so only this test touches it, claimed by {@code sender}. */
    private UUID claimedAs(String sender) {
        UUID id = outbox.enqueue(UUID.randomUUID(), "take-over", "http://127.0.0.1:9/" + sender, "job.succeeded", "{}");
        em.createQuery("UPDATE WebhookDelivery d SET d.claimedBy = :sender, d.claimedUntil = :later, d.nextAttemptAt = :later "
                        + "WHERE d.id = :id")
                .setParameter("sender", sender).setParameter("later", java.time.Instant.now().plusSeconds(3600))
                .setParameter("id", id).executeUpdate();
        return id;
    }

    private String claimedBy(UUID delivery) {
        return em.createQuery("SELECT d.claimedBy FROM WebhookDelivery d WHERE d.id = :id", String.class)
                .setParameter("id", delivery).getSingleResult();
    }

    @Test
    void racingSendersNeverHoldTheSameDelivery() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Set<UUID> created = new HashSet<>();
        transaction.begin();
        for (int i = 0; i < DELIVERIES; i++) {
            created.add(outbox.enqueue(UUID.randomUUID(), "race", "http://127.0.0.1:" + closedPort + "/race",
                    "job.succeeded", "{}"));
        }
        transaction.commit();

        Phaser start = new Phaser(SENDERS);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<List<WebhookDelivery>>> held = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                String sender = "race-sender-" + s;
                held.add(senders.submit(() -> {
                    start.arriveAndAwaitAdvance();
                    return claims.claimDue(sender, DELIVERIES);
                }));
            }
            Set<UUID> seen = new HashSet<>();
            int total = 0;
            for (Future<List<WebhookDelivery>> one : held) {
                for (WebhookDelivery delivery : one.get()) {
                    if (created.contains(delivery.getId())) {
                        assertTrue(seen.add(delivery.getId()), "held twice: " + delivery.getId());
                        total++;
                    }
                }
            }
            assertTrue(total > 0, "the racing senders claimed some of the deliveries");
            assertEquals(seen.size(), total);
        } finally {
            senders.shutdownNow();
        }
    }
}
