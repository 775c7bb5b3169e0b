package io.orator.jobs;

import jakarta.ejb.ApplicationException;

/**
 * Another request stored the same Idempotency-Key first: an expected outcome of racing retries,
 * so an application exception (rolled back, not logged as a failure) rather than a system one.
 */
@ApplicationException(rollback = true)
public class IdempotencyKeyTaken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IdempotencyKeyTaken(Throwable cause) {
        super("Idempotency-Key already stored by another request", cause, false, false);
    }
}
