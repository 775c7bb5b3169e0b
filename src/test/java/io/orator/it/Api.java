package io.orator.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A small HTTP client for the REST API under test: real requests to the real server. */
public final class Api {

    /** Ports follow the server's port offset, so suites can run beside another server. */
    private static final int PORT_OFFSET = Integer.getInteger("orator.it.port-offset",
            Integer.getInteger("jboss.socket.binding.port-offset", 0));
    public static final String BASE = "http://127.0.0.1:" + (8080 + PORT_OFFSET);
    public static final String MANAGEMENT = "http://127.0.0.1:" + (9990 + PORT_OFFSET);
    /** The test-only admin account that arquillian.xml gives the server. */
    public static final String ADMIN_USER = "it-admin";
    public static final String ADMIN_PASSWORD = "it-only-Secret-7";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Api() {
    }

    public static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public static HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public static HttpResponse<String> postBytes(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public static HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    /** An admin request (GET or POST without a body) as the test admin. */
    public static HttpResponse<String> admin(String method, String path) {
        return asUser(method, path, ADMIN_USER, ADMIN_PASSWORD);
    }

    /** An admin request with a JSON body, as the test admin. */
    public static HttpResponse<String> adminJson(String method, String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", basic(ADMIN_USER, ADMIN_PASSWORD))
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A request with HTTP BASIC credentials; a null user sends none. */
    public static HttpResponse<String> asUser(String method, String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        return send(request.build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        return exchange(request, HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        return exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    public static HttpResponse<Path> download(String path, Path target) {
        return exchange(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
    }

    private static <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return HTTP.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /** Submits a job and returns its id; fails unless the server accepted it. */
    public static String submit(String json) {
        HttpResponse<String> response = post("/api/v1/syntheses", json);
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return json(response).getString("id");
    }

    public static JsonObject job(String id) {
        return json(get("/api/v1/syntheses/" + id));
    }

    /** Polls the job until it reaches one of {@code statuses}; fails after {@code timeout}. */
    public static JsonObject awaitStatus(String id, Duration timeout, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        return await(() -> job(id), job -> wanted.contains(job.getString("status")), timeout,
                "job " + id + " reaching " + wanted);
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value and returns that value; fails after
     * {@code timeout} with the last value seen. Used inside the server too.
     */
    public static <T> T await(Supplier<T> probe, Predicate<T> done, Duration timeout, String what) {
        Instant limit = Instant.now().plus(timeout);
        T value;
        do {
            value = probe.get();
            if (done.test(value)) {
                return value;
            }
            sleep(50);
        } while (Instant.now().isBefore(limit));
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + value);
    }

    /** A JSON string literal for {@code text}. */
    public static String quote(String text) {
        return Json.createValue(text).toString();
    }

    public static boolean isNull(JsonObject object, String field) {
        return !object.containsKey(field) || object.get(field).getValueType() == JsonValue.ValueType.NULL;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : BASE + path);
    }

    /** A script long enough to be running for a while: {@code sentences} sentences. */
    public static String longScript(int sentences) {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            script.append("Speaker ").append(i % 2 + 1).append(": This is sentence number ").append(i)
                    .append(" of a long script that keeps the worker busy.\n");
        }
        return script.toString();
    }
}
