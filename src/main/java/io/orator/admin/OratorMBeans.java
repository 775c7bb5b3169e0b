package io.orator.admin;

import io.orator.audit.AuditLog;
import io.orator.clients.ApiKeys;
import io.orator.dispatch.Dispatcher;
import io.orator.jobs.JobEventStreams;
import io.orator.jobs.LiveJob;
import io.orator.jobs.LiveJobs;
import io.orator.jobs.JobStatus;
import io.orator.jobs.Jobs;
import io.orator.jobs.QueueStatistics;
import io.orator.metrics.OratorMetrics;
import io.orator.platform.ProblemException;
import io.orator.retention.AudioCleanup;
import io.orator.storage.AudioStore;
import io.orator.voices.VoiceRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Orator's MBeans in the {@code orator} JMX domain, for JConsole, VisualVM and JMX exporters.
 * Registered in the platform MBean server at start and removed at undeploy, so a redeploy
 * leaves exactly one of each. Remote JMX goes through the server's management interface, whose
 * role-based access control guards them: management users in group orator-admin (role Operator)
 * may invoke the operations, orator-monitor (role Monitor) may only read. The check happens
 * there, before a call reaches these beans, as the caller's identity does not reach them.
 */
@Singleton
@Startup
@DependsOn({"Dispatcher", "VoiceRegistry", "AudioCleanup"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class OratorMBeans {

    public static final String DOMAIN = "orator";
    static final String JMX_ACTOR = "jmx";
    private static final Logger LOG = Logger.getLogger(OratorMBeans.class.getName());

    @Inject
    Dispatcher dispatcher;

    @Inject
    QueueStatistics statistics;

    @Inject
    Jobs jobs;

    @Inject
    VoiceRegistry voices;

    @Inject
    AudioCleanup cleanup;

    @Inject
    AudioStore store;

    @Inject
    OratorMetrics metrics;

    @Inject
    JobEventStreams streams;

    @Inject
    LiveJobs liveJobs;

    @Inject
    ApiKeys keys;

    @Inject
    AuditLog audit;

    private final List<ObjectName> registered = new ArrayList<>();

    @PostConstruct
    void register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Map<String, Object> beans = Map.of(
                    "Dispatch", new DeploymentMBean(new DispatchBean(), DispatchMXBean.class),
                    "Jobs", new DeploymentMBean(new JobsBean(), JobsMXBean.class),
                    "Engine", new DeploymentMBean(new EngineBean(), EngineMXBean.class),
                    "Storage", new DeploymentMBean(new StorageBean(), StorageMXBean.class),
                    "Memory", new DeploymentMBean(new MemoryBean(voices), MemoryMXBean.class),
                    "Clients", new DeploymentMBean(new ClientKeysBean(keys, this::audited), ClientsMXBean.class));
            for (Map.Entry<String, Object> bean : beans.entrySet()) {
                ObjectName name = new ObjectName(DOMAIN, "type", bean.getKey());
                // Left over from a deployment that did not stop cleanly: replace it, never add a twin.
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
                server.registerMBean(bean.getValue(), name);
                registered.add(name);
            }
        } catch (JMException e) {
            throw new IllegalStateException("Cannot register Orator's MBeans", e);
        }
    }

    /**
     * Runs an operation and writes its audit event, as the REST API does for its own. The
     * management interface checks the caller but does not pass its identity on, so the actor is
     * {@code jmx}; WildFly's management audit log names the user.
     */
    <T> T audited(String action, String target, java.util.function.Supplier<T> operation) {
        T result = operation.get();
        try {
            audit.record(JMX_ACTOR, "JMX", action, target, null, 200);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not write the audit event of " + action + " through JMX", e);
        }
        return result;
    }

    @PreDestroy
    void unregister() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOG.log(Level.WARNING, "Cannot unregister " + name, e);
            }
        }
        registered.clear();
    }

    /** {@code orator:type=Dispatch}: the queue and the job running now. */
    public interface DispatchMXBean {
        long getQueueDepth();

        /** The id of the job running on this server, or null. */
        String getRunningJobId();

        /** The running job's progress from 0 to 1, or -1 when none runs. */
        double getRunningJobProgress();

        boolean isPaused();

        /** Whether this node drains: no new jobs, the running one handed back to the queue. */
        boolean isDraining();

        /** Server-Sent Events listeners connected now. */
        int getEventListeners();

        void pauseDispatch();

        void resumeDispatch();

        /** Takes no more jobs and hands the running one back to the queue at its next sentence's end. */
        void drainDispatch();

        /** Cancels a job (queued: at once; running: at its next chunk); returns its status after. */
        String cancelJob(String id);
    }

    /** {@code orator:type=Jobs}: how many jobs are in each status, from the job table. */
    public interface JobsMXBean {
        long getQueued();

        long getRunning();

        long getSucceeded();

        long getFailed();

        long getCancelled();

        long getExpired();
    }

    /** {@code orator:type=Engine}: the speech engines and how fast they speak. */
    public interface EngineMXBean {
        boolean isReady();

        int getVoices();

        /** Synthesis time over audio time of the last finished job; NaN before the first. */
        double getLastRealTimeFactor();

        long getJobsSinceReload();

        long getReloads();

        boolean isReloadPending();

        /**
         * Closes the neural engines and loads the voice packs again (freeing their native memory
         * and picking up new packs), now or after the running job: "reloaded: N voices" or "pending".
         */
        String reloadEngines();
    }

    /** {@code orator:type=Storage}: audio on disk and the cleanup. */
    public interface StorageMXBean {
        /** Bytes of finished audio in the store at the end of the last cleanup pass (0 before the first). */
        long getAudioBytesOnDisk();

        long getFreeBytes();

        /** Runs one cleanup pass now and describes what it did. */
        String runCleanup();
    }

    /** {@code orator:type=Memory}: the process's memory, native included. */
    public interface MemoryMXBean {
        long getRssBytes();

        long getPeakRssBytes();

        long getHeapUsedBytes();

        /** GPU memory in use, or -1 without a GPU. */
        long getGpuBytes();
    }

    private final class DispatchBean implements DispatchMXBean {
        @Override
        public long getQueueDepth() {
            return statistics.queueDepth();
        }

        @Override
        public String getRunningJobId() {
            return dispatcher.runningJob().map(UUID::toString).orElse(null);
        }

        @Override
        public double getRunningJobProgress() {
            return dispatcher.runningJob().flatMap(liveJobs::find).map(LiveJob::progress).orElse(-1.0);
        }

        @Override
        public boolean isPaused() {
            return dispatcher.isPaused();
        }

        @Override
        public boolean isDraining() {
            return dispatcher.isDraining();
        }

        @Override
        public void drainDispatch() {
            LOG.info("Dispatch drained through JMX");
            audited("dispatch.drain", null, () -> {
                dispatcher.drain();
                return null;
            });
        }

        @Override
        public int getEventListeners() {
            return streams.listenerCount();
        }

        @Override
        public void pauseDispatch() {
            LOG.info("Dispatch paused through JMX");
            audited("dispatch.pause", null, () -> {
                dispatcher.pause();
                return null;
            });
        }

        @Override
        public void resumeDispatch() {
            LOG.info("Dispatch resumed through JMX");
            audited("dispatch.resume", null, () -> {
                dispatcher.resume();
                return null;
            });
        }

        @Override
        public String cancelJob(String id) {
            UUID job;
            try {
                job = UUID.fromString(id.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Not a job id: " + id);
            }
            return audited("job.cancel", job.toString(), () -> jobs.cancel(Jobs.ANYONE, job).getStatus().name());
        }
    }

    private final class JobsBean implements JobsMXBean {
        private long count(JobStatus status) {
            return statistics.count(status);
        }

        @Override
        public long getQueued() {
            return count(JobStatus.QUEUED);
        }

        @Override
        public long getRunning() {
            return count(JobStatus.RUNNING);
        }

        @Override
        public long getSucceeded() {
            return count(JobStatus.SUCCEEDED);
        }

        @Override
        public long getFailed() {
            return count(JobStatus.FAILED);
        }

        @Override
        public long getCancelled() {
            return count(JobStatus.CANCELLED);
        }

        @Override
        public long getExpired() {
            return count(JobStatus.EXPIRED);
        }
    }

    private final class EngineBean implements EngineMXBean {
        @Override
        public boolean isReady() {
            return voices.isReady();
        }

        @Override
        public int getVoices() {
            return voices.all().size();
        }

        @Override
        public double getLastRealTimeFactor() {
            return metrics.lastRealTimeFactor();
        }

        @Override
        public long getJobsSinceReload() {
            return voices.jobsSinceReload();
        }

        @Override
        public long getReloads() {
            return voices.reloads();
        }

        @Override
        public boolean isReloadPending() {
            return voices.isReloadPending();
        }

        @Override
        public String reloadEngines() {
            LOG.info("Engine reload requested through JMX");
            return audited("engines.reload", null,
                    () -> voices.reload() ? "reloaded: " + voices.all().size() + " voices" : "pending");
        }
    }

    private final class StorageBean implements StorageMXBean {
        @Override
        public long getAudioBytesOnDisk() {
            // The cleanup's figure, as the metric shows: measuring here would list a whole bucket at every read.
            return Math.max(0, cleanup.bytesOnDisk());
        }

        @Override
        public long getFreeBytes() {
            return store.usableSpace();
        }

        @Override
        public String runCleanup() {
            return audited("cleanup.run", null,
                    () -> cleanup.runNow().map(Object::toString).orElse("A cleanup pass is already running"));
        }
    }

    private static final class MemoryBean implements MemoryMXBean {

        private final VoiceRegistry voices;

        MemoryBean(VoiceRegistry voices) {
            this.voices = voices;
        }
        @Override
        public long getRssBytes() {
            return MemoryReading.now(voices).rssBytes();
        }

        @Override
        public long getPeakRssBytes() {
            return MemoryReading.now(voices).peakRssBytes();
        }

        @Override
        public long getHeapUsedBytes() {
            return MemoryReading.now(voices).heapUsedBytes();
        }

        @Override
        public long getGpuBytes() {
            return MemoryReading.now(voices).gpuUsedBytes();
        }
    }
}
