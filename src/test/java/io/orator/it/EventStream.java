package io.orator.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client over plain HTTP: reads {@code text/event-stream} line by line. */
final class EventStream implements AutoCloseable {

    /** One event as received; {@code data} parsed as JSON. */
    record Event(long id, String name, JsonObject data) {
    }

    private static final Event END = new Event(-1, "end-of-stream", null);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static EventStream open(String jobId, Long lastEventId) {
        return open(jobId, lastEventId, null);
    }

    /** The stream of a job, as the caller that {@code authorization} (may be null) names. */
    static EventStream open(String jobId, Long lastEventId, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Api.BASE + "/api/v1/syntheses/" + jobId + "/events"))
                .header("Accept", "text/event-stream").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", String.valueOf(lastEventId));
        }
        try {
            return new EventStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        long id = 0;
        String name = "message";
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, name, Json.createReader(new StringReader(data.toString())).readObject()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (RuntimeException closed) {
            // The stream was closed by close() or by the server.
        } finally {
            events.add(END);
        }
    }

    /** The next event, or null at the end of the stream; fails after {@code timeout}. */
    Event next(Duration timeout) {
        try {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + timeout);
            }
            return event == END ? null : event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the server ended the stream within {@code timeout} with no further event. */
    boolean endsWithin(Duration timeout) {
        return next(timeout) == null;
    }

    @Override
    public void close() {
        response.body().close();
    }
}
