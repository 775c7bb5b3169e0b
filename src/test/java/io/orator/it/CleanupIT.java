package io.orator.it;

import io.orator.clients.Caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.jobs.JobStatus;
import io.orator.jobs.Jobs;
import io.orator.jobs.SubmissionRequest;
import io.orator.jobs.SynthesisJob;
import io.orator.retention.AudioCleanup;
import io.orator.storage.AudioStore;
import io.orator.retention.CleanupReport;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scheduled cleanup, run on demand inside the server against real files and the real database. */
@ExtendWith(ArquillianExtension.class)
class CleanupIT {

    @Deployment
    static WebArchive app() {
        return Deployments.orator().addClasses(Api.class, JobWaits.class);
    }

    @Inject
    Jobs jobs;

    @Inject
    AudioCleanup cleanup;

    @Inject
    AudioStore store;

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Resource
    UserTransaction tx;

    @Test
    void expiredAudioIsDeletedAndTheJobBecomesExpired() throws Exception {
        SynthesisJob job = finishedJob("Speaker 1: I will expire.");
        Path audio = stored(job.getAudioFile());
        assertTrue(Files.exists(audio));
        update("UPDATE SynthesisJob j SET j.expiresAt = :past WHERE j.id = :id", job.getId(), Instant.now().minusSeconds(60));

        CleanupReport report = cleanup.runNow().orElseThrow();

        assertTrue(report.expired() >= 1, report.toString());
        assertFalse(Files.exists(audio), "audio deleted");
        SynthesisJob expired = jobs.get(job.getId());
        assertEquals(JobStatus.EXPIRED, expired.getStatus(), "the history row stays");
        assertEquals(410, Api.get("/api/v1/syntheses/" + job.getId() + "/audio").statusCode());
    }

    @Test
    void theServersQuotaTakesTheOldestAudioOfTheClientThatKeepsTheMost() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Caller heavy = Caller.client("heavy-" + suffix);
        Caller light = Caller.client("light-" + suffix);
        SynthesisJob lightsOnly = finishedJob(light, "Speaker 1: I am the oldest of all, but my client keeps little.");
        for (int i = 0; i < 12; i++) {
            finishedJob(heavy, "Speaker 1: I am number " + i + " of a client that keeps much more than the others do.");
        }
        List<SynthesisJob> stored = succeeded();
        long storedBytes = stored.stream().mapToLong(SynthesisJob::getAudioBytes).sum();
        String heaviest = stored.stream().collect(java.util.stream.Collectors.groupingBy(SynthesisJob::getClient,
                        java.util.stream.Collectors.summingLong(SynthesisJob::getAudioBytes)))
                .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        SynthesisJob heaviestsOldest = stored.stream().filter(j -> j.getClient().equals(heaviest)).findFirst().orElseThrow();
        System.setProperty("orator.storage.quota-bytes", String.valueOf(storedBytes - 1));
        try {
            CleanupReport report = cleanup.runNow().orElseThrow();
            assertEquals(1, report.overQuota(), "just enough goes to get under the quota: " + report);
        } finally {
            System.clearProperty("orator.storage.quota-bytes");
        }
        assertEquals(JobStatus.EXPIRED, jobs.get(heaviestsOldest.getId()).getStatus(), "the heaviest client's oldest audio went");
        if (!heaviest.equals(light.client())) {
            assertEquals(JobStatus.SUCCEEDED, jobs.get(lightsOnly.getId()).getStatus(), "a lighter client's audio stays");
        }
    }

    @Test
    void aClientsOwnQuotaTakesOnlyItsOwnOldestAudio() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Caller capped = Caller.client("capped-" + suffix);
        Caller neighbour = Caller.client("neighbour-" + suffix);
        SynthesisJob neighbours = finishedJob(neighbour, "Speaker 1: I was here first, and I stay.");
        SynthesisJob older = finishedJob(capped, "Speaker 1: I am the older one of a capped client.");
        SynthesisJob newer = finishedJob(capped, "Speaker 1: I am the newer one of a capped client.");
        String setting = "orator.client." + capped.client() + ".max-audio-bytes";
        System.setProperty(setting, String.valueOf(newer.getAudioBytes()));
        try {
            CleanupReport report = cleanup.runNow().orElseThrow();
            assertTrue(report.overQuota() >= 1, report.toString());
        } finally {
            System.clearProperty(setting);
        }
        assertEquals(JobStatus.EXPIRED, jobs.get(older.getId()).getStatus(), "the capped client's oldest went");
        assertEquals(JobStatus.SUCCEEDED, jobs.get(newer.getId()).getStatus(), "its newest fits its quota");
        assertEquals(JobStatus.SUCCEEDED, jobs.get(neighbours.getId()).getStatus(), "another client's audio is never taken");
    }

    private List<SynthesisJob> succeeded() {
        return em.createQuery("SELECT j FROM SynthesisJob j WHERE j.status = :s ORDER BY j.finishedAt, j.id",
                SynthesisJob.class).setParameter("s", JobStatus.SUCCEEDED).getResultList();
    }

    @Test
    void filesNoJobOwnsAreRemovedOnceOld() throws Exception {
        SynthesisJob live = finishedJob("Speaker 1: My audio is old but still mine.");
        Path liveAudio = stored(live.getAudioFile());
        Path staleTemp = store.tempDirectory().resolve(UUID.randomUUID() + "-1.part");
        Path freshTemp = store.tempDirectory().resolve(UUID.randomUUID() + "-1.part");
        Path orphanAudio = stored(UUID.randomUUID() + ".wav");
        Path lostAttemptAudio = stored(AudioStore.audioName(live.getId(), live.getAttempts() + 1));
        Path finishedAttemptTemp = store.tempFile(live.getId(), live.getAttempts());
        Path unpublished = store.finishedAudio(UUID.randomUUID(), 1);
        for (Path file : List.of(staleTemp, freshTemp, orphanAudio, lostAttemptAudio, finishedAttemptTemp, unpublished)) {
            Files.write(file, new byte[128]);
        }
        FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (Path file : List.of(staleTemp, orphanAudio, lostAttemptAudio, finishedAttemptTemp, unpublished, liveAudio)) {
            Files.setLastModifiedTime(file, hourAgo);
        }

        CleanupReport report = cleanup.runNow().orElseThrow();

        assertFalse(Files.exists(staleTemp), "a crashed run's temp file goes");
        assertFalse(Files.exists(orphanAudio), "audio of no job goes");
        assertFalse(Files.exists(lostAttemptAudio), "audio of an attempt that is not the job's goes");
        assertFalse(Files.exists(finishedAttemptTemp), "the temp file of an attempt no longer running goes");
        assertFalse(Files.exists(unpublished), "finished audio a crash kept from being published goes");
        assertTrue(Files.exists(freshTemp), "a file that may belong to a running job stays");
        assertTrue(Files.exists(liveAudio), "old audio of a SUCCEEDED job stays");
        assertTrue(report.tempFilesRemoved() >= 1 && report.orphanFilesRemoved() >= 1, report.toString());
        Files.delete(freshTemp);
    }

    @Test
    void oldHistoryRowsArePurged() throws Exception {
        UUID id = jobs.submit(Caller.LOCAL, new SubmissionRequest("Speaker 1: Cancel me.", null, null, null, null, null, null)).getId();
        jobs.cancel(Jobs.ANYONE, id);
        JobWaits.awaitFinished(jobs, id);
        update("UPDATE SynthesisJob j SET j.createdAt = :old WHERE j.id = :id", id, Instant.now().minus(Duration.ofDays(400)));

        CleanupReport report = cleanup.runNow().orElseThrow();

        assertTrue(report.historyRowsPurged() >= 1, report.toString());
        assertNull(em.find(SynthesisJob.class, id));
    }

    private SynthesisJob finishedJob(String script) {
        return finishedJob(Caller.LOCAL, script);
    }

    private SynthesisJob finishedJob(Caller caller, String script) {
        UUID id = jobs.submit(caller, new SubmissionRequest(script, null, null, null, null, null, null)).getId();
        SynthesisJob job = JobWaits.awaitFinished(jobs, id);
        assertEquals(JobStatus.SUCCEEDED, job.getStatus());
        return job;
    }

    private void update(String jpql, UUID id, Instant value) throws Exception {
        tx.begin();
        String parameter = jpql.contains(":past") ? "past" : "old";
        em.createQuery(jpql).setParameter(parameter, value).setParameter("id", id).executeUpdate();
        tx.commit();
    }

    /** Where the local store (the tests' default) keeps a published file. */
    private Path stored(String name) {
        return store.tempDirectory().getParent().resolve(name);
    }
}
