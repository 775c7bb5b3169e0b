package io.orator.dispatch;

import io.orator.jobs.Claim;
import io.orator.jobs.JobEvent;
import io.orator.jobs.JobTransitions;
import io.orator.jobs.QueueStatistics;
import io.orator.jobs.RunStats;
import io.orator.platform.ProcessMemory;
import io.orator.platform.WorkerNode;
import io.orator.storage.AudioStore;
import io.orator.storage.StoreHealth;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands queued jobs, one at a time, to the synthesis executor. A submission wakes it at once; a
 * periodic timer is the safety net that also heartbeats the running job, recovers jobs left by
 * dead servers and fails a job stuck past its deadline.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@ManagedExecutorDefinition(name = Dispatcher.EXECUTOR, maxAsync = 2, hungTaskThreshold = -1)
public class Dispatcher {

    static final String EXECUTOR = "java:app/orator/SynthesisExecutor";
    private static final long IDLE_POLL_MILLIS = 50;
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    @Resource
    TimerService timers;

    @Resource
    SessionContext context;

    @Resource(lookup = EXECUTOR)
    ManagedExecutorService executor;

    @Inject
    JobTransitions transitions;

    @Inject
    Deadlines deadlines;

    @Inject
    QueueStatistics queue;

    @Inject
    SynthesisWorker worker;

    @Inject
    WorkerNode node;

    @Inject
    AudioStore store;

    @Inject
    @ConfigProperty(name = "orator.dispatch.timer-seconds", defaultValue = "5")
    long timerSeconds;

    @Inject
    @ConfigProperty(name = "orator.recovery.stale-after-seconds", defaultValue = "60")
    long staleAfterSeconds;

    @Inject
    @ConfigProperty(name = "orator.recovery.max-attempts", defaultValue = "3")
    int maxAttempts;

    private final AtomicBoolean busy = new AtomicBoolean();
    /**
     * Held while a claim is decided: pause() takes it too, so once pause() returns no claim that
     * was already under way can still take a job submitted after it.
     */
    private final ReentrantLock claiming = new ReentrantLock();
    private final AtomicReference<RunningJob> running = new AtomicReference<>();
    private volatile boolean paused;
    private volatile boolean draining;
    private volatile boolean stopping;
    private volatile boolean waitingForStore;
    private volatile Instant lastTick = Instant.now();
    private volatile long queueDepth;

    @PostConstruct
    void start() {
        recover(true);
        long period = Duration.ofSeconds(timerSeconds).toMillis();
        // First tick at once: picks up whatever the queue held when the server stopped.
        timers.createIntervalTimer(0, period, new TimerConfig("dispatch", false));
    }

    /**
     * The application is stopping: no more claims, and a job still running (a drain that ran out
     * of time) is asked to go back to the queue, never cancelled. If the process ends first, the
     * job is recovered from its checkpoint like any job of a node that died.
     */
    @PreDestroy
    void stop() {
        stopping = true;
        RunningJob job = running.get();
        if (job != null) {
            job.handBack().set(true);
        }
    }

    @Timeout
    void tick() {
        lastTick = Instant.now();
        try {
            RunningJob job = running.get();
            if (job != null) {
                transitions.heartbeat(job.claim());
                failWhenStuck(job);
            }
            recover(false);
            dispatchNext();
            queueDepth = queue.queueDepth();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Dispatch timer failed; it runs again in " + timerSeconds + " s", e);
        }
    }

    /** Reacts, after commit, to a job entering the queue (run it now) or a cancel or deletion (stop it if it runs here). */
    public void onJobEvent(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEvent event) {
        if (event.kind() == JobEvent.Kind.SUBMITTED || event.kind() == JobEvent.Kind.REQUEUED
                || event.kind() == JobEvent.Kind.RECOVERED) {
            self().wake();
        } else if (event.kind() == JobEvent.Kind.CANCEL_REQUESTED || event.kind() == JobEvent.Kind.DELETED) {
            RunningJob job = running.get();
            if (job != null && job.claim().id().equals(event.jobId())) {
                job.cancel().set(true);
            }
        }
    }

    /** Looks for work without making the caller wait. */
    @Asynchronous
    public void wake() {
        dispatchNext();
    }

    public void pause() {
        claiming.lock();
        try {
            paused = true;
        } finally {
            claiming.unlock();
        }
    }

    /** Takes jobs again after a pause or a drain. */
    public void resume() {
        paused = false;
        draining = false;
        self().wake();
    }

    /**
     * Drains this node: it takes no more jobs, and the running one keeps a segment at its next
     * sentence's end and goes back to the queue, where any node continues it from there.
     */
    public void drain() {
        claiming.lock();
        try {
            draining = true;
        } finally {
            claiming.unlock();
        }
        RunningJob job = running.get();
        if (job != null) {
            job.handBack().set(true);
        }
    }

    public boolean isDraining() {
        return draining;
    }

    /**
     * Drains and waits until no job runs here, at most {@code timeout}: what a stopping node does
     * while the database and the audio store are still there to take the job back.
     *
     * @return whether the node is idle
     */
    public boolean drainAndWait(Duration timeout) {
        drain();
        Instant limit = Instant.now().plus(timeout);
        while (running.get() != null && Instant.now().isBefore(limit)) {
            try {
                Thread.sleep(IDLE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return running.get() == null;
    }

    public boolean isPaused() {
        return paused;
    }

    /** Whether queued jobs wait because the audio store cannot take their audio now. */
    public boolean isWaitingForStore() {
        return waitingForStore;
    }

    /** The job running on this node now, if any. */
    public Optional<UUID> runningJob() {
        return Optional.ofNullable(running.get()).map(job -> job.claim().id());
    }

    /** Queued jobs at the last timer tick, for meters that must not query at every scrape. */
    public long queueDepthAtLastTick() {
        return queueDepth;
    }

    /** When the timer last ran: liveness fails when it stops. */
    public Instant lastTick() {
        return lastTick;
    }

    public Duration timerPeriod() {
        return Duration.ofSeconds(timerSeconds);
    }

    private void dispatchNext() {
        claiming.lock();
        try {
            if (paused || draining || stopping || !busy.compareAndSet(false, true)) {
                return;
            }
            try {
                if (!storeTakesAudio()) {
                    busy.set(false);
                    return;
                }
                Optional<Claim> claimed = transitions.claimNext(node.name(), deadlines::forCharacters);
                if (claimed.isEmpty()) {
                    busy.set(false);
                    return;
                }
                RunningJob run = new RunningJob(claimed.get(), Instant.now(), new AtomicBoolean(), new AtomicBoolean(),
                        new AtomicReference<>());
                running.set(run);
                run.future().set(executor.submit(() -> runThenContinue(run)));
            } catch (RuntimeException e) {
                running.set(null);
                busy.set(false);
                throw e;
            }
        } finally {
            claiming.unlock();
        }
    }

    /**
     * Whether a job started now could keep its audio. While the store is down (a bucket that does
     * not answer, a full disk) jobs wait in the queue rather than run and fail at the end.
     */
    private boolean storeTakesAudio() {
        StoreHealth health = store.health();
        boolean up = health.up();
        if (up == waitingForStore) {
            // Changed since the last look: said once, not at every tick.
            waitingForStore = !up;
            if (up) {
                LOG.info("The audio store takes audio again; queued jobs run");
            } else {
                LOG.warning(() -> "The audio store cannot take audio (" + health.data() + "); queued jobs wait");
            }
        }
        return up;
    }

    private void runThenContinue(RunningJob run) {
        try {
            worker.run(run.claim(), run.cancel()::get, run.handBack()::get);
        } finally {
            if (running.compareAndSet(run, null)) {
                busy.set(false);
                dispatchNext();
            }
        }
    }

    /**
     * A job still running well past its deadline is stuck inside one engine call (the worker
     * checks the deadline between chunks): fail it, interrupt its thread and move on.
     */
    private void failWhenStuck(RunningJob job) {
        Instant hardLimit = job.claim().deadline().plus(Duration.ofSeconds(timerSeconds * 2));
        if (Instant.now().isBefore(hardLimit)) {
            return;
        }
        LOG.warning(() -> "Job " + job.claim().id() + " is stuck past its deadline; failing it and moving on");
        long rss = ProcessMemory.rssBytes();
        transitions.fail(job.claim(), "TIMED_OUT",
                "The job passed its deadline of " + job.claim().deadline() + " inside one synthesis call",
                new RunStats(Duration.between(job.startedAt(), Instant.now()).toMillis(), 0, rss, rss, null, null, 0));
        Future<?> future = job.future().get();
        if (future != null) {
            future.cancel(true);
        }
        if (running.compareAndSet(job, null)) {
            busy.set(false);
        }
    }

    private void recover(boolean startingUp) {
        transitions.recoverAbandoned(node.name(), startingUp, Duration.ofSeconds(staleAfterSeconds), maxAttempts);
    }

    private Dispatcher self() {
        return context.getBusinessObject(Dispatcher.class);
    }

    private record RunningJob(Claim claim, Instant startedAt, AtomicBoolean cancel, AtomicBoolean handBack,
                              AtomicReference<Future<?>> future) {
    }
}
