package io.orator.jobs;

import jakarta.ejb.ApplicationException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.LocalDate;

/**
 * The row of a client's usage on one day. Made on its own, before the submission that charges
 * it, so two first submissions of a day never fail each other: one makes the row, the other
 * finds it made.
 */
@Stateless
public class DailyUsage {

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    /** Another request made the row first: fine, it is there. */
    @ApplicationException(rollback = true)
    public static class AlreadyThere extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyThere(Throwable cause) {
            super("usage row already made", cause, false, false);
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void makeRow(String client, LocalDate day) {
        ClientUsage.Id id = new ClientUsage.Id(client, day);
        if (em.find(ClientUsage.class, id) != null) {
            return;
        }
        em.persist(new ClientUsage(id));
        try {
            em.flush();
        } catch (PersistenceException madeMeanwhile) {
            throw new AlreadyThere(madeMeanwhile);
        }
    }
}
