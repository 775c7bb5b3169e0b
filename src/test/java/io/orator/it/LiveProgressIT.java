package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.it.EventStream.Event;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /api/v1/syntheses/{id}/events}: live progress as Server-Sent Events. */
@ExtendWith(ArquillianExtension.class)
class LiveProgressIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @Test
    void streamsProgressOfAMultiChunkJobThenItsFinalStatusAndCloses() {
        pause();
        String id;
        try {
            id = Api.submit("{\"script\": " + Api.quote(Api.longScript(40)) + "}");
        } finally {
            resume();
        }
        try (EventStream stream = EventStream.open(id, null)) {
            assertEquals(200, stream.response.statusCode());
            assertTrue(stream.response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            List<Event> events = new ArrayList<>();
            for (Event event = stream.next(WAIT); event != null; event = stream.next(WAIT)) {
                events.add(event);
            }
            Event last = events.get(events.size() - 1);
            assertEquals("status", last.name());
            assertEquals("SUCCEEDED", last.data().getString("status"));
            assertTrue(last.data().getBoolean("final"));
            assertTrue(last.data().getJsonNumber("audioSeconds").doubleValue() > 10, last.data().toString());

            List<Event> progress = events.stream().filter(e -> e.name().equals("progress")).toList();
            assertTrue(progress.size() >= 2, "progress events: " + events);
            int chunks = progress.get(0).data().getInt("chunks");
            assertTrue(chunks >= 40, "one chunk per sentence at least: " + chunks);
            double lastSeconds = 0;
            for (Event event : progress) {
                assertEquals(chunks, event.data().getInt("chunks"));
                assertTrue(event.data().getInt("chunk") >= 0 && event.data().getInt("chunk") <= chunks);
                double seconds = event.data().getJsonNumber("audioSeconds").doubleValue();
                assertTrue(seconds >= lastSeconds, "audio seconds grow");
                lastSeconds = seconds;
                double fraction = event.data().getJsonNumber("progress").doubleValue();
                assertEquals((double) event.data().getInt("chunk") / chunks, fraction, 1e-9);
            }
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).id() > events.get(i - 1).id(), "ids increase: " + events);
            }
        }
    }

    @Test
    void unknownJobIsA404Problem() {
        HttpResponse<String> response = Api.get("/api/v1/syntheses/" + UUID.randomUUID() + "/events");
        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void finishedJobGetsOneFinalEventThenTheStreamCloses() {
        String id = Api.submit("{\"script\": \"Speaker 1: Already done.\"}");
        Api.awaitStatus(id, WAIT, "SUCCEEDED");
        try (EventStream stream = EventStream.open(id, null)) {
            Event only = stream.next(WAIT);
            assertEquals("SUCCEEDED", only.data().getString("status"));
            assertTrue(only.data().getBoolean("final"));
            assertTrue(stream.endsWithin(WAIT));
        }
        // A client that saw the final event and reconnects anyway gets an empty, closed stream.
        Event last;
        try (EventStream stream = EventStream.open(id, null)) {
            last = stream.next(WAIT);
        }
        try (EventStream again = EventStream.open(id, last.id())) {
            assertTrue(again.endsWithin(WAIT));
        }
    }

    @Test
    void reconnectWithLastEventIdGetsOnlyNewerEvents() {
        pause();
        String id;
        long queuedId;
        try {
            id = Api.submit("{\"script\": " + Api.quote(Api.longScript(20)) + "}");
            try (EventStream first = EventStream.open(id, null)) {
                Event queued = first.next(WAIT);
                assertEquals("QUEUED", queued.data().getString("status"));
                queuedId = queued.id();
            }
            try (EventStream second = EventStream.open(id, queuedId)) {
                resume();
                Event next = second.next(WAIT);
                assertTrue(next.id() > queuedId, "nothing already seen comes again");
                assertEquals("RUNNING", next.data().getString("status"));
                Event event = next;
                for (Event e = second.next(WAIT); e != null; e = second.next(WAIT)) {
                    assertTrue(e.id() > event.id());
                    event = e;
                }
                assertEquals("SUCCEEDED", event.data().getString("status"));
            }
        } finally {
            resume();
        }
    }

    @Test
    void vanishedListenersLeaveNothingBehindAndHoldNoThreads() throws Exception {
        int baseline = listeners();
        pause();
        String id = Api.submit("{\"script\": \"Speaker 1: Many people are watching me wait.\"}");
        int listeners = 25;
        try (JMXConnector jmx = Jmx.connectLocal()) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            ObjectName threading = new ObjectName("java.lang:type=Threading");
            // A first round lets the server's request and executor pools grow to their working size.
            listenThenVanish(id, listeners, baseline);
            int threadsBefore = (Integer) server.getAttribute(threading, "ThreadCount");
            List<EventStream> streams = open(id, listeners);
            int threadsWhileListening = (Integer) server.getAttribute(threading, "ThreadCount");
            assertEquals(baseline + listeners, listeners());
            assertTrue(threadsWhileListening - threadsBefore < listeners / 5,
                    "no thread per listener: " + threadsBefore + " → " + threadsWhileListening);
            streams.forEach(EventStream::close);
            awaitListeners(baseline, Duration.ofSeconds(20));
        } finally {
            Api.post("/api/v1/syntheses/" + id + "/cancel", "");
            resume();
        }
    }

    private static void listenThenVanish(String id, int count, int baseline) {
        List<EventStream> streams = open(id, count);
        assertEquals(baseline + count, listeners());
        streams.forEach(EventStream::close);
        awaitListeners(baseline, Duration.ofSeconds(20));
    }

    private static List<EventStream> open(String id, int count) {
        List<EventStream> streams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EventStream stream = EventStream.open(id, null);
            streams.add(stream);
            assertEquals("QUEUED", stream.next(WAIT).data().getString("status"));
        }
        return streams;
    }

    @Test
    void cancelledQueuedJobEndsItsStream() {
        pause();
        try {
            String id = Api.submit("{\"script\": \"Speaker 1: Cancel me while I wait.\"}");
            try (EventStream stream = EventStream.open(id, null)) {
                assertEquals("QUEUED", stream.next(WAIT).data().getString("status"));
                Api.post("/api/v1/syntheses/" + id + "/cancel", "");
                Event last = stream.next(WAIT);
                assertNotNull(last);
                assertEquals("CANCELLED", last.data().getString("status"));
                assertTrue(stream.endsWithin(WAIT));
            }
        } finally {
            resume();
        }
    }

    private static int listeners() {
        return Api.json(Api.admin("GET", "/api/v1/admin/dashboard")).getInt("eventListeners");
    }

    private static void awaitListeners(int expected, Duration timeout) {
        Instant limit = Instant.now().plus(timeout);
        int now;
        do {
            now = listeners();
            if (now == expected) {
                return;
            }
            Api.sleep(200);
        } while (Instant.now().isBefore(limit));
        throw new AssertionError("listeners still connected: " + now + ", expected " + expected);
    }

    static void pause() {
        assertEquals(200, Api.admin("POST", "/api/v1/admin/dispatch/pause").statusCode());
    }

    static void resume() {
        assertEquals(200, Api.admin("POST", "/api/v1/admin/dispatch/resume").statusCode());
    }
}
