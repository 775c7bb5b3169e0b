package io.orator.it;

import io.orator.clients.Caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.orator.jobs.JobStatus;
import io.orator.jobs.Jobs;
import io.orator.jobs.SubmissionRequest;
import io.orator.jobs.SynthesisJob;
import io.orator.voices.VoiceRegistry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Engine upkeep between jobs, inside the server: a GPU out-of-memory error (injected, since CI
 * has no GPU) fails only its job and reloads the engines; recycling after a number of jobs.
 */
@ExtendWith(ArquillianExtension.class)
class EngineMaintenanceIT {

    private static final String OOM_MARKER = "orator.fault.gpu-oom-marker";

    @Deployment
    static WebArchive app() {
        return Deployments.orator().addClasses(Api.class, JobWaits.class);
    }

    @Inject
    Jobs jobs;

    @Inject
    VoiceRegistry voices;

    @Test
    void gpuOutOfMemoryFailsTheJobReloadsTheEngineAndTheServerCarriesOn() {
        long reloads = voices.reloads();
        System.setProperty(OOM_MARKER, "overflowing");
        SynthesisJob failed;
        try {
            failed = run("Speaker 1: A harmless start. Then an overflowing chunk.");
        } finally {
            System.clearProperty(OOM_MARKER);
        }
        assertEquals(JobStatus.FAILED, failed.getStatus());
        assertEquals("GPU_OUT_OF_MEMORY", failed.getErrorCode());
        assertFalse(failed.getErrorMessage().contains("Tried to allocate"), "the engine's own text stays in the log: "
                + failed.getErrorMessage());
        assertFalse(failed.getErrorMessage().contains("/"), "no server path: " + failed.getErrorMessage());
        awaitReloads(reloads + 1);

        SynthesisJob next = run("Speaker 1: The next job speaks as before.");
        assertEquals(JobStatus.SUCCEEDED, next.getStatus(), "the server carries on");
        assertEquals(0, next.getSkippedPhonemes(), "English speaks with every phoneme of the voice");
    }

    @Test
    void enginesAreRecycledAfterTheConfiguredNumberOfJobs() {
        System.setProperty("orator.engine.recycle-after-jobs", "2");
        try {
            long reloads = voices.reloads();
            run("Speaker 1: One.");
            run("Speaker 1: Two.");
            run("Speaker 1: Three.");
            awaitReloads(reloads + 1);
        } finally {
            System.clearProperty("orator.engine.recycle-after-jobs");
        }
        assertEquals(JobStatus.SUCCEEDED, run("Speaker 1: Fresh engines speak.").getStatus());
    }

    /** The reload runs right after the job released its engines, a moment after its outcome. */
    private void awaitReloads(long expected) {
        Api.await(voices::reloads, reloads -> reloads >= expected, Duration.ofSeconds(30),
                "at least " + expected + " engine reloads");
    }

    private SynthesisJob run(String script) {
        UUID id = jobs.submit(Caller.LOCAL, new SubmissionRequest(script, null, Map.of("1", "tiny-ts"), null, null, null, null)).getId();
        return JobWaits.awaitFinished(jobs, id);
    }
}
