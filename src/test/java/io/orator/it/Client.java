package io.orator.it;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** A client of the API with its own API key, created through the admin API. */
final class Client {

    final String name;
    final String keyId;
    final String key;

    private Client(String name, String keyId, String key) {
        this.name = name;
        this.keyId = keyId;
        this.key = key;
    }

    /** A new client, named uniquely so that runs against one database never meet. */
    static Client create(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = Api.adminJson("POST", "/api/v1/admin/keys",
                "{\"client\": \"" + name + "\", \"name\": \"test key of " + name + "\"}");
        if (created.statusCode() != 201) {
            throw new AssertionError("key creation answered " + created.statusCode() + ": " + created.body());
        }
        JsonObject key = Api.json(created);
        return new Client(name, key.getString("id"), key.getString("key"));
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    HttpResponse<String> post(String path, String json) {
        return send("POST", path, json);
    }

    HttpResponse<String> delete(String path) {
        return send("DELETE", path, null);
    }

    /** A request with this client's key. */
    HttpResponse<String> send(String method, String path, String json) {
        return Api.send(request(method, path, json).header("Authorization", "Bearer " + key).build());
    }

    /** A JSON request without credentials, for adding whatever headers a test needs. */
    static HttpRequest.Builder request(String method, String path, String json) {
        return HttpRequest.newBuilder(URI.create(Api.BASE + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    }

    /** Submits a job as this client and returns its id. */
    String submit(String script) {
        HttpResponse<String> response = post("/api/v1/syntheses", "{\"script\": " + Api.quote(script) + "}");
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return Api.json(response).getString("id");
    }

    JsonObject awaitStatus(String id, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        return Api.await(() -> Api.json(get("/api/v1/syntheses/" + id)), job -> wanted.contains(job.getString("status")),
                Duration.ofSeconds(60), "job " + id + " of " + name + " reaching " + wanted);
    }
}
