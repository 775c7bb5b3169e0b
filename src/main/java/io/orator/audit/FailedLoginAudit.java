package io.orator.audit;

import io.orator.clients.LoginFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Failed logins go into the audit log, with the user name they claimed. */
@ApplicationScoped
public class FailedLoginAudit {

    private static final Logger LOG = Logger.getLogger(FailedLoginAudit.class.getName());

    @Inject
    AuditLog log;

    void record(@Observes LoginFailed failed) {
        try {
            log.record(failed.user(), "UNKNOWN", "login.failed", failed.what(), failed.address(), 401);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not write the audit event of a failed login from " + failed.address(), e);
        }
    }
}
