package io.orator.jobs;

import io.orator.clients.ClientLimits;
import io.orator.clients.ClientLimits.Limit;
import io.orator.clients.SubmissionRate;
import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A client's share of the queue: how fast it may submit and how many of its jobs may wait.
 * Over a limit → 429 with {@code Retry-After}, a problem whose {@code errors} names the limit.
 * Concurrent submissions may overshoot the queued-jobs limit by the few that were counted
 * together, as the queue's own limit does.
 */
@ApplicationScoped
public class ClientQuotas {

    /** Past this many remembered usage rows the memory of them starts over. */
    private static final int MAX_ROWS_REMEMBERED = 10_000;

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Inject
    ClientLimits limits;

    @Inject
    SubmissionRate rate;

    @Inject
    DailyUsage dailyUsage;

    @Inject
    @ConfigProperty(name = "orator.queue.retry-after-seconds", defaultValue = "30")
    int retryAfterSeconds;

    /**
     * Usage rows known to exist, so a client's submissions after its first of the day skip the
     * extra transaction that makes the row. Rows are never deleted, so this can only miss
     * entries, never hold a wrong one.
     */
    private final Set<ClientUsage.Id> rowsMade = ConcurrentHashMap.newKeySet();

    /** Admits one more submission of {@code client}, or throws the 429 naming the limit it hit. */
    public void admitSubmission(String client) {
        long perSecond = limits.of(client, Limit.SUBMISSIONS_PER_SECOND);
        if (!rate.tryAcquire(client, perSecond, System.currentTimeMillis())) {
            throw overLimit(Limit.SUBMISSIONS_PER_SECOND, perSecond, 1,
                    "Client " + client + " submits more than " + perSecond + " jobs a second");
        }
        long maxQueued = limits.of(client, Limit.QUEUED_JOBS);
        if (maxQueued > 0 && queued(client) >= maxQueued) {
            throw overLimit(Limit.QUEUED_JOBS, maxQueued, retryAfterSeconds,
                    "Client " + client + " has " + maxQueued + " jobs waiting already");
        }
    }

    /**
     * Counts a submission of {@code characters} into the client's usage of today (UTC), in the
     * caller's transaction: over {@code max-characters-per-day} nothing is counted and the 429
     * says when the day ends. The check and the count are one conditional update, so concurrent
     * submissions on any server never overshoot the limit.
     */
    public void chargeCharacters(String client, int characters) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        ClientUsage.Id row = new ClientUsage.Id(client, today);
        if (!rowsMade.contains(row)) {
            try {
                dailyUsage.makeRow(client, today);
            } catch (DailyUsage.AlreadyThere madeMeanwhile) {
                // Another submission made today's row first.
            }
            if (rowsMade.size() >= MAX_ROWS_REMEMBERED) {
                rowsMade.clear();
            }
            rowsMade.add(row);
        }
        long perDay = limits.of(client, Limit.CHARACTERS_PER_DAY);
        int counted = em.createQuery("UPDATE ClientUsage u SET u.jobs = u.jobs + 1, u.characters = u.characters + :n "
                        + "WHERE u.id = :id AND (:limit = 0 OR u.characters + :n <= :limit)")
                .setParameter("n", (long) characters).setParameter("limit", perDay)
                .setParameter("id", row).executeUpdate();
        if (counted == 0) {
            long untilTomorrow = Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.UTC)).toSeconds() + 1;
            throw overLimit(Limit.CHARACTERS_PER_DAY, perDay, untilTomorrow,
                    "Client " + client + " would pass its " + perDay + " characters of today (UTC)");
        }
    }

    /** The 429 for a client over {@code limit}; {@code errors} names it. */
    public static ProblemException overLimit(Limit limit, long value, long retryAfterSeconds, String detail) {
        return new ProblemException(429, "client-limit", "Client limit reached", detail,
                List.of(new FieldError(limit.key(), "at most " + value)),
                Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    private long queued(String client) {
        return em.createQuery("SELECT COUNT(j) FROM SynthesisJob j WHERE j.client = :client AND j.status = :queued",
                        Long.class)
                .setParameter("client", client).setParameter("queued", JobStatus.QUEUED).getSingleResult();
    }
}
