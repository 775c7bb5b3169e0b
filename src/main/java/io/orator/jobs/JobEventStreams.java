package io.orator.jobs;

import io.orator.clients.Caller;
import io.orator.clients.ClientLimits;
import io.orator.platform.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Live job events for Server-Sent Events listeners: status changes and per-chunk progress,
 * pushed from the job events as they happen. Listeners hold no thread while they wait; events
 * are written by the managed executor, one task per listener at a time, and a slow client gets
 * the latest progress rather than every chunk. A keep-alive comment finds vanished clients, whose
 * listeners are then removed.
 *
 * <p>Event ids ({@link EventIds}) increase within a job across its attempts. A reconnecting
 * client sends the last id it saw and gets only newer state.
 */
@ApplicationScoped
public class JobEventStreams {

    private static final Logger LOG = Logger.getLogger(JobEventStreams.class.getName());

    @Inject
    Jobs jobs;

    @Inject
    LiveJobs live;

    @Inject
    ClientLimits limits;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "orator.events.max-listeners", defaultValue = "200")
    int maxListeners;

    @Inject
    @ConfigProperty(name = "orator.events.keep-alive-seconds", defaultValue = "15")
    long keepAliveSeconds;

    @Inject
    @ConfigProperty(name = "orator.events.retry-millis", defaultValue = "2000")
    long retryMillis;

    private final Map<UUID, Set<Listener>> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger listenerCount = new AtomicInteger();
    /** Open streams per client; an entry stays at zero rather than racing its removal. */
    /** Open streams per client; a client with none has no entry, so token clients never pile up here. */
    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(2);

    private final Map<String, Integer> streamsPerClient = new ConcurrentHashMap<>();
    private ScheduledFuture<?> keepAlive;

    @PostConstruct
    void start() {
        keepAlive = scheduler.scheduleAtFixedRate(this::keepAlive, keepAliveSeconds, keepAliveSeconds, TimeUnit.SECONDS);
    }

    /** Undeploy: every stream ends, so clients reconnect to the next deployment. */
    @PreDestroy
    void stop() {
        keepAlive.cancel(false);
        List<Listener> open = listeners.values().stream().flatMap(Set::stream).toList();
        // Every stream starts closing at once, and all of them together get one CLOSE_WAIT.
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        List<Optional<Future<?>>> closing = open.stream().map(Listener::startClosing).toList();
        for (int i = 0; i < open.size(); i++) {
            Listener listener = open.get(i);
            closing.get(i).ifPresent(f -> listener.awaitClosed(f, Math.max(0, deadline - System.nanoTime())));
        }
    }

    /**
     * Starts streaming {@code job} (which the caller may see) to {@code sink}: first its current
     * state, then every change until its final status, after which the stream closes.
     *
     * @param lastEventId the last event id the client saw, or 0
     * @throws ProblemException 503 when the listener limit is reached
     */
    public void open(Caller caller, SynthesisJob job, long lastEventId, SseEventSink sink, Sse sse) {
        UUID id = job.getId();
        StreamEvent now = stateEvent(live.of(job));
        if (now.last() && EventIds.seen(now.id(), lastEventId)) {
            // The client saw the final event already: nothing more will ever come.
            sink.close();
            return;
        }
        if (listenerCount.incrementAndGet() > maxListeners) {
            listenerCount.decrementAndGet();
            throw new ProblemException(503, "too-many-listeners", "Too many listeners",
                    "This server already streams events to " + maxListeners + " listeners; try again later",
                    List.of(), Map.of("Retry-After", String.valueOf(keepAliveSeconds)));
        }
        String client = caller.client();
        long perClient = limits.of(client, ClientLimits.Limit.EVENT_STREAMS);
        int ofClient = streamsPerClient.merge(client, 1, Integer::sum);
        if (ofClient > perClient && perClient > 0) {
            closedStreamOf(client);
            listenerCount.decrementAndGet();
            throw ClientQuotas.overLimit(ClientLimits.Limit.EVENT_STREAMS, perClient, keepAliveSeconds,
                    "Client " + client + " has " + perClient + " event streams open already");
        }
        Listener listener = new Listener(id, client, sink, sse, lastEventId);
        listeners.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(listener);
        // The state is read after registering, so no change can fall between the two; a change
        // seen twice is dropped by its id.
        listener.offer(live.find(id).map(this::stateEvent).orElseGet(JobEventStreams::deletedEvent));
    }

    /** Listeners connected now, over all jobs. */
    public int listenerCount() {
        return listenerCount.get();
    }

    void onProgress(@Observes JobProgress progress) {
        Set<Listener> set = listeners.get(progress.jobId());
        if (set == null || set.isEmpty()) {
            return;
        }
        StreamEvent event = new StreamEvent(EventIds.running(progress.attempt(), progress.chunksDone()), "progress",
                progressJson(progress.jobId(), progress), false);
        set.forEach(listener -> listener.offer(event));
    }

    void onJobEvent(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEvent event) {
        Set<Listener> set = listeners.get(event.jobId());
        if (set == null || set.isEmpty() || event.kind() == JobEvent.Kind.SUBMITTED) {
            return;
        }
        // After commit the finished transaction is still on this thread: read the new state on another.
        try {
            executor.execute(() -> {
                StreamEvent state = live.find(event.jobId()).map(this::stateEvent).orElseGet(JobEventStreams::deletedEvent);
                set.forEach(listener -> listener.offer(state));
            });
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "No event for job " + event.jobId() + " while the application stops", e);
        }
    }

    /** The job as it is now, as one status event (with the live progress of a running job). */
    private StreamEvent stateEvent(LiveJob view) {
        SynthesisJob job = view.row();
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", job.getId().toString())
                .add("status", job.getStatus().name());
        long id;
        if (job.getStatus() == JobStatus.QUEUED) {
            id = EventIds.queued(job.getAttempts());
            json.add("progress", 0.0);
        } else if (job.getStatus() == JobStatus.RUNNING) {
            id = EventIds.running(job.getAttempts(), view.chunksDone());
            json.add("progress", view.progress())
                    .add("chunk", view.chunksDone())
                    .add("chunks", view.chunksTotal());
            view.live().ifPresent(p -> json.add("audioSeconds", round(p.audioSeconds())));
        } else {
            id = EventIds.finished(job.getAttempts());
            json.add("progress", job.getProgress())
                    .add("chunk", job.getChunksDone())
                    .add("chunks", job.getChunksTotal());
            if (job.getAudioSeconds() != null) {
                json.add("audioSeconds", round(job.getAudioSeconds()))
                        .add("audioUrl", "/api/v1/syntheses/" + job.getId() + "/audio");
            }
            if (job.getErrorCode() != null) {
                json.add("error", Json.createObjectBuilder().add("code", job.getErrorCode())
                        .add("message", job.getErrorMessage() == null ? "" : job.getErrorMessage()));
            }
        }
        boolean last = job.getStatus().isFinished();
        json.add("attempt", job.getAttempts()).add("final", last);
        return new StreamEvent(id, "status", json.build(), last);
    }

    private static JsonObject progressJson(UUID jobId, JobProgress progress) {
        return Json.createObjectBuilder()
                .add("id", jobId.toString())
                .add("status", JobStatus.RUNNING.name())
                .add("progress", progress.fraction())
                .add("chunk", progress.chunksDone())
                .add("chunks", progress.chunksTotal())
                .add("audioSeconds", round(progress.audioSeconds()))
                .add("attempt", progress.attempt())
                .build();
    }

    private static StreamEvent deletedEvent() {
        return new StreamEvent(EventIds.DELETED, "status",
                Json.createObjectBuilder().add("status", "DELETED").add("final", true).build(), true);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private void keepAlive() {
        listeners.values().forEach(set -> set.forEach(Listener::ping));
    }

    /** One event to send; {@code last} closes the stream after it. A null id is a keep-alive comment. */
    private record StreamEvent(Long id, String name, JsonObject data, boolean last) {

        boolean isProgress() {
            return "progress".equals(name);
        }
    }

    /** One connected client of one job. */
    private final class Listener {

        private final UUID jobId;
        private final String client;
        private final SseEventSink sink;
        private final Sse sse;
        private final Deque<StreamEvent> pending = new ArrayDeque<>();
        private long lastId;
        private boolean draining;
        private boolean closed;

        Listener(UUID jobId, String client, SseEventSink sink, Sse sse, long lastId) {
            this.jobId = jobId;
            this.client = client;
            this.sink = sink;
            this.sse = sse;
            this.lastId = lastId;
        }

        void offer(StreamEvent event) {
            synchronized (this) {
                if (closed || (event.id() != null && EventIds.seen(event.id(), lastId))) {
                    return;
                }
                if (event.id() != null) {
                    lastId = event.id();
                }
                StreamEvent tail = pending.peekLast();
                if (tail != null && tail.isProgress() && event.isProgress()) {
                    pending.pollLast();
                }
                pending.add(event);
                if (draining) {
                    return;
                }
                draining = true;
            }
            try {
                executor.execute(this::drain);
            } catch (RuntimeException e) {
                // The executor refuses work while the application stops.
                close();
            }
        }

        void ping() {
            if (sink.isClosed()) {
                close();
                return;
            }
            synchronized (this) {
                if (!pending.isEmpty()) {
                    return;
                }
            }
            offer(new StreamEvent(null, null, null, false));
        }

        private void drain() {
            while (true) {
                StreamEvent next;
                synchronized (this) {
                    next = pending.poll();
                    if (next == null || closed) {
                        draining = false;
                        return;
                    }
                }
                try {
                    sink.send(toSse(next)).toCompletableFuture().get(keepAliveSeconds * 2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    LOG.log(Level.FINE, "Event listener of job " + jobId + " is gone", e);
                    close();
                    return;
                }
                if (next.last()) {
                    close();
                    return;
                }
            }
        }

        private OutboundSseEvent toSse(StreamEvent event) {
            if (event.id() == null) {
                return sse.newEventBuilder().comment("keep-alive").build();
            }
            return sse.newEventBuilder()
                    .id(String.valueOf(event.id()))
                    .name(event.name())
                    .reconnectDelay(retryMillis)
                    .data(String.class, event.data().toString())
                    .build();
        }

        void close() {
            startClosing().ifPresent(f -> awaitClosed(f, CLOSE_WAIT.toNanos()));
        }

        /**
         * Ends this stream: forgets it and starts closing its sink on the executor. Closing flushes
         * first, and when the client is gone the container can fail that flush without ever
         * completing it; an unbounded close then held its thread for good (an undeploy waiting on
         * it timed out). Hence {@link #awaitClosed}: past its wait the close is interrupted, which
         * ends the flush, and the sink still completes the response.
         *
         * @return the close under way, empty when this stream was closed already
         */
        Optional<Future<?>> startClosing() {
            synchronized (this) {
                if (closed) {
                    return Optional.empty();
                }
                closed = true;
                pending.clear();
            }
            listeners.computeIfPresent(jobId, (id, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
            listenerCount.decrementAndGet();
            closedStreamOf(client);
            try {
                return Optional.of(executor.submit(sink::close));
            } catch (RejectedExecutionException stopping) {
                return Optional.empty();
            }
        }

        void awaitClosed(Future<?> closing, long nanos) {
            try {
                closing.get(nanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException stuck) {
                closing.cancel(true);
                LOG.fine(() -> "The event stream of job " + jobId + " did not close in time; its close was interrupted");
            } catch (InterruptedException e) {
                closing.cancel(true);
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.log(Level.FINE, "Closing the event stream of job " + jobId + " failed", e.getCause());
            }
        }
    }

    private void closedStreamOf(String client) {
        streamsPerClient.computeIfPresent(client, (c, open) -> open <= 1 ? null : open - 1);
    }
}
