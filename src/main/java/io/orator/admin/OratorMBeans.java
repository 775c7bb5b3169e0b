package io.orator.admin;

import io.orator.dispatch.Dispatcher;
import io.orator.jobs.JobEventStreams;
import io.orator.jobs.JobStatus;
import io.orator.jobs.Jobs;
import io.orator.jobs.QueueStatistics;
import io.orator.metrics.OratorMetrics;
import io.orator.metrics.ProcessMemory;
import io.orator.platform.ProblemException;
import io.orator.storage.AudioCleanup;
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
import javax.management.StandardMBean;

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

    private final List<ObjectName> registered = new ArrayList<>();

    @PostConstruct
    void register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ClassLoader deployment = OratorMBeans.class.getClassLoader();
        Map<String, Object> beans = Map.of(
                "Dispatch", new StandardMBean(new DispatchBean(deployment), DispatchMXBean.class, true),
                "Jobs", new StandardMBean(new JobsBean(deployment), JobsMXBean.class, true),
                "Engine", new StandardMBean(new EngineBean(deployment), EngineMXBean.class, true),
                "Storage", new StandardMBean(new StorageBean(deployment), StorageMXBean.class, true),
                "Memory", new StandardMBean(new MemoryBean(voices), MemoryMXBean.class, true));
        try {
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

    /** Runs a JMX call (on a remoting thread) with the deployment's class loader, as Orator's own code expects. */
    private static <T> T inDeployment(ClassLoader deployment, Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(deployment);
        try {
            return call.get();
        } catch (ProblemException e) {
            // JMX clients cannot load Orator's classes: a plain exception with the problem's text.
            throw new IllegalArgumentException(e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** {@code orator:type=Dispatch}: the queue and the job running now. */
    public interface DispatchMXBean {
        long getQueueDepth();

        /** The id of the job running on this server, or null. */
        String getRunningJobId();

        /** The running job's progress from 0 to 1, or -1 when none runs. */
        double getRunningJobProgress();

        boolean isPaused();

        /** Server-Sent Events listeners connected now. */
        int getEventListeners();

        void pauseDispatch();

        void resumeDispatch();

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

        long getJobsSinceRecycle();

        long getRecycles();

        boolean isRecyclePending();

        /** Closes and reloads the engines now, or after the running job: returns which. */
        String recycleEngine();

        /** Reloads the engines and their voice catalogues (as a recycle); returns the voice count or "pending". */
        String rescanVoices();
    }

    /** {@code orator:type=Storage}: audio on disk and the cleanup. */
    public interface StorageMXBean {
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
        private final ClassLoader deployment;

        DispatchBean(ClassLoader deployment) {
            this.deployment = deployment;
        }

        @Override
        public long getQueueDepth() {
            return inDeployment(deployment, statistics::queueDepth);
        }

        @Override
        public String getRunningJobId() {
            return dispatcher.runningJob().map(UUID::toString).orElse(null);
        }

        @Override
        public double getRunningJobProgress() {
            return dispatcher.runningJob().flatMap(streams::progressOf).map(p -> p.fraction()).orElse(
                    dispatcher.runningJob().isPresent() ? 0.0 : -1.0);
        }

        @Override
        public boolean isPaused() {
            return dispatcher.isPaused();
        }

        @Override
        public int getEventListeners() {
            return streams.listenerCount();
        }

        @Override
        public void pauseDispatch() {
            LOG.info("Dispatch paused through JMX");
            dispatcher.pause();
        }

        @Override
        public void resumeDispatch() {
            LOG.info("Dispatch resumed through JMX");
            inDeployment(deployment, () -> {
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
            return inDeployment(deployment, () -> jobs.cancel(job).getStatus().name());
        }
    }

    private final class JobsBean implements JobsMXBean {
        private final ClassLoader deployment;

        JobsBean(ClassLoader deployment) {
            this.deployment = deployment;
        }

        private long count(JobStatus status) {
            return inDeployment(deployment, () -> statistics.count(status));
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
        private final ClassLoader deployment;

        EngineBean(ClassLoader deployment) {
            this.deployment = deployment;
        }

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
        public long getJobsSinceRecycle() {
            return voices.jobsSinceReload();
        }

        @Override
        public long getRecycles() {
            return voices.reloads();
        }

        @Override
        public boolean isRecyclePending() {
            return voices.isReloadPending();
        }

        @Override
        public String recycleEngine() {
            LOG.info("Engine recycle requested through JMX");
            return inDeployment(deployment, () -> voices.reload() ? "recycled" : "pending");
        }

        @Override
        public String rescanVoices() {
            LOG.info("Voice rescan requested through JMX");
            return inDeployment(deployment, () -> voices.reload() ? String.valueOf(voices.all().size()) : "pending");
        }
    }

    private final class StorageBean implements StorageMXBean {
        private final ClassLoader deployment;

        StorageBean(ClassLoader deployment) {
            this.deployment = deployment;
        }

        @Override
        public long getAudioBytesOnDisk() {
            return inDeployment(deployment, store::bytesOnDisk);
        }

        @Override
        public long getFreeBytes() {
            return store.usableSpace();
        }

        @Override
        public String runCleanup() {
            return inDeployment(deployment, () -> cleanup.runNow().map(Object::toString)
                    .orElse("A cleanup pass is already running"));
        }
    }

    private static final class MemoryBean implements MemoryMXBean {

        private final VoiceRegistry voices;

        MemoryBean(VoiceRegistry voices) {
            this.voices = voices;
        }
        @Override
        public long getRssBytes() {
            return ProcessMemory.rssBytes();
        }

        @Override
        public long getPeakRssBytes() {
            return ProcessMemory.peakRssBytes();
        }

        @Override
        public long getHeapUsedBytes() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        @Override
        public long getGpuBytes() {
            return voices.gpuMemory().map(java.lang.management.MemoryUsage::getUsed).orElse(Dashboard.NO_GPU);
        }
    }
}
