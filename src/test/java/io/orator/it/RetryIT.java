package io.orator.it;

import io.orator.clients.Caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.orator.dispatch.Dispatcher;
import io.orator.jobs.JobStatus;
import io.orator.jobs.Jobs;
import io.orator.jobs.SubmissionRequest;
import io.orator.jobs.SynthesisJob;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retrying a failed job, and the admin account's absence, inside the server. */
@ExtendWith(ArquillianExtension.class)
class RetryIT {

    @Deployment
    static WebArchive app() {
        return Deployments.orator().addClasses(Api.class);
    }

    @Inject
    Jobs jobs;

    @Inject
    Dispatcher dispatcher;

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Resource
    UserTransaction tx;

    @Test
    void failedJobIsQueuedAgainWithItsErrorClearedAndRunsAsTheNextAttempt() throws Exception {
        dispatcher.pause();
        UUID id;
        try {
            id = jobs.submit(Caller.LOCAL, new SubmissionRequest("Speaker 1: I failed once.", null, null, null, null, null, null)).getId();
            tx.begin();
            em.createQuery("UPDATE SynthesisJob j SET j.status = :failed, j.attempts = 2, j.errorCode = 'ENGINE_FAILURE', "
                            + "j.errorMessage = 'boom', j.finishedAt = :now WHERE j.id = :id")
                    .setParameter("failed", JobStatus.FAILED).setParameter("now", Instant.now())
                    .setParameter("id", id).executeUpdate();
            tx.commit();
            SynthesisJob retried = jobs.retry(id);
            assertEquals(JobStatus.QUEUED, retried.getStatus());
            assertEquals(2, retried.getAttempts());
            assertNull(retried.getErrorCode());
            assertNull(retried.getErrorMessage());
            assertNull(retried.getFinishedAt());
        } finally {
            dispatcher.resume();
        }
        Api.awaitStatus(id.toString(), Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
        SynthesisJob done = jobs.get(id);
        assertEquals(JobStatus.SUCCEEDED, done.getStatus());
        assertEquals(3, done.getAttempts(), "attempts kept: the retry is the third run");
    }

    @Test
    void withoutConfiguredCredentialsEveryAdminRequestIsRefused() {
        String password = System.getProperty("orator.admin.password");
        System.clearProperty("orator.admin.password");
        try {
            assertEquals(401, Api.admin("GET", "/api/v1/admin/dashboard").statusCode());
            assertEquals(401, Api.asUser("GET", "/api/v1/admin/dashboard", Api.ADMIN_USER, "").statusCode());
        } finally {
            System.setProperty("orator.admin.password", password);
        }
        assertEquals(200, Api.admin("GET", "/api/v1/admin/dashboard").statusCode());
    }
}
