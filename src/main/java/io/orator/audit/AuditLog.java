package io.orator.audit;

import io.orator.platform.HistoryCursor;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Writes audit events, each in a transaction of its own, and reads them back newest first. */
@Stateless
public class AuditLog {

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    /** What to list: each filter may be null. */
    public record Filter(String actor, String action, Instant since, Instant until) {
    }

    /** One page and the cursor of the next, or null at the end. */
    public record Page(List<AuditEvent> events, HistoryCursor next) {
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String actor, String actorKind, String action, String target, String address, int status) {
        em.persist(new AuditEvent(Instant.now().truncatedTo(ChronoUnit.MICROS), truncate(actor, 128), actorKind,
                action, truncate(target, 128), truncate(address, 64), status));
    }

    public Page list(Filter filter, int limit, HistoryCursor cursor) {
        StringBuilder jpql = new StringBuilder("SELECT e FROM AuditEvent e WHERE 1 = 1");
        if (filter.actor() != null) {
            jpql.append(" AND e.actor = :actor");
        }
        if (filter.action() != null) {
            jpql.append(" AND e.action = :action");
        }
        if (filter.since() != null) {
            jpql.append(" AND e.at >= :since");
        }
        if (filter.until() != null) {
            jpql.append(" AND e.at < :until");
        }
        if (cursor != null) {
            jpql.append(" AND (e.at < :at OR (e.at = :at AND e.id < :id))");
        }
        var query = em.createQuery(jpql.append(" ORDER BY e.at DESC, e.id DESC").toString(), AuditEvent.class)
                .setMaxResults(limit + 1);
        if (filter.actor() != null) {
            query.setParameter("actor", filter.actor());
        }
        if (filter.action() != null) {
            query.setParameter("action", filter.action());
        }
        if (filter.since() != null) {
            query.setParameter("since", filter.since());
        }
        if (filter.until() != null) {
            query.setParameter("until", filter.until());
        }
        if (cursor != null) {
            query.setParameter("at", cursor.createdAt()).setParameter("id", cursor.id());
        }
        List<AuditEvent> rows = new ArrayList<>(query.getResultList());
        HistoryCursor next = null;
        if (rows.size() > limit) {
            rows.remove(limit);
            AuditEvent last = rows.get(limit - 1);
            next = new HistoryCursor(last.getAt(), last.getId());
        }
        return new Page(rows, next);
    }

    /** Deletes events older than {@code cutoff}; answers how many. */
    public int purgeBefore(Instant cutoff) {
        return em.createQuery("DELETE FROM AuditEvent e WHERE e.at < :cutoff").setParameter("cutoff", cutoff).executeUpdate();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
