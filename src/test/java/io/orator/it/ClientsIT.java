package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clients: API keys, who sees which job, and what is refused. */
@ExtendWith(ArquillianExtension.class)
class ClientsIT {

    private static final String JOBS = "/api/v1/syntheses";
    private static final String KEYS = "/api/v1/admin/keys";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @Test
    void aKeyIsShownOnceAndListedByItsPrefix() {
        String client = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = Api.adminJson("POST", KEYS, "{\"client\": \"" + client + "\", \"name\": \"CI\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject key = Api.json(created);
        String secret = key.getString("key");
        assertTrue(secret.startsWith("ork_") && secret.length() == 47, secret);
        assertEquals(secret.substring(0, 12), key.getString("prefix"));
        assertEquals(client, key.getString("client"));
        assertEquals("ACTIVE", key.getString("status"));
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith(KEYS + "/" + key.getString("id")));

        HttpResponse<String> list = Api.admin("GET", KEYS + "?client=" + client);
        assertEquals(200, list.statusCode(), list.body());
        assertFalse(list.body().contains(secret), "a listing never holds a secret");
        JsonObject listed = Api.json(list).getJsonArray("items").getJsonObject(0);
        assertEquals(key.getString("id"), listed.getString("id"));
        assertFalse(listed.containsKey("key"));
        HttpResponse<String> one = Api.admin("GET", KEYS + "/" + key.getString("id"));
        assertFalse(one.body().contains(secret), "nor does a key's own page");
    }

    @Test
    void aClientSeesOnlyItsOwnJobsAndAnotherClientsJobIsUnknownToIt() {
        Client a = Client.create("alpha");
        Client b = Client.create("beta");
        String jobOfA = a.submit("Speaker 1: Only alpha may hear this.");
        String jobOfB = b.submit("Speaker 1: Only beta may hear this.");
        JsonObject done = a.awaitStatus(jobOfA, "SUCCEEDED");
        assertEquals(a.name, done.getString("client"));

        String unknown = UUID.randomUUID().toString();
        HttpResponse<String> unknownJob = b.get(JOBS + "/" + unknown);
        for (String[] call : List.of(new String[] {"GET", ""}, new String[] {"GET", "/audio"},
                new String[] {"GET", "/events"}, new String[] {"POST", "/cancel"}, new String[] {"DELETE", ""})) {
            HttpResponse<String> response = b.send(call[0], JOBS + "/" + jobOfA + call[1], null);
            assertEquals(404, response.statusCode(), call[0] + " " + call[1] + ": " + response.body());
            assertEquals(Problem.of(unknownJob).withoutId(unknown), Problem.of(response).withoutId(jobOfA),
                    "another client's job reads exactly like an unknown one");
        }
        assertEquals("SUCCEEDED", Api.json(a.get(JOBS + "/" + jobOfA)).getString("status"), "nothing B did reached it");
        assertEquals(200, a.get(JOBS + "/" + jobOfA + "/audio").statusCode());

        Set<String> listedForA = ids(a.get(JOBS + "?limit=100"));
        Set<String> listedForB = ids(b.get(JOBS + "?limit=100"));
        assertEquals(Set.of(jobOfA), listedForA);
        assertEquals(Set.of(jobOfB), listedForB);
        assertFalse(ids(Api.get(JOBS + "?limit=100")).contains(jobOfA), "anonymous local requests see local jobs only");
        assertEquals(404, Api.get(JOBS + "/" + jobOfA).statusCode());

        HttpResponse<String> asAdmin = Api.asUser("GET", JOBS + "?limit=100", Api.ADMIN_USER, Api.ADMIN_PASSWORD);
        assertTrue(ids(asAdmin).containsAll(Set.of(jobOfA, jobOfB)), "an operator sees every client's jobs");
        HttpResponse<String> console = Api.admin("GET", "/api/v1/admin/syntheses/" + jobOfB);
        assertEquals(b.name, Api.json(console).getString("client"));

        assertEquals(204, b.delete(JOBS + "/" + jobOfB).statusCode(), "a client deletes its own job");
        assertEquals(204, a.delete(JOBS + "/" + jobOfA).statusCode());
    }

    @Test
    void badCredentialsAreRefusedWith401AndCreateNothing() {
        Client witness = Client.create("witness");
        String script = "{\"script\": \"Speaker 1: I must never be stored.\"}";
        String unknownKey = "ork_" + "A".repeat(43);
        for (String authorization : List.of("Bearer nonsense", "Bearer " + unknownKey, "Bearer ",
                "Token " + witness.key, Api.basic(Api.ADMIN_USER, "wrong"), "Basic !!!")) {
            HttpResponse<String> response = Api.send(Client.request("POST", JOBS, script)
                    .header("Authorization", authorization).build());
            assertEquals(401, response.statusCode(), authorization + ": " + response.body());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""),
                    authorization + ": " + response.body());
            assertTrue(response.headers().allValues("WWW-Authenticate").stream().anyMatch(c -> c.startsWith("Bearer")),
                    authorization);
        }
        HttpResponse<String> all = Api.asUser("GET", JOBS + "?limit=100", Api.ADMIN_USER, Api.ADMIN_PASSWORD);
        assertFalse(all.body().contains("I must never be stored"));
        assertEquals(401, Api.send(Client.request("GET", "/api/v1/admin/dashboard", null)
                .header("Authorization", "Bearer " + witness.key).build()).statusCode(),
                "an API key is not an operator's login");
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        Client client = Client.create("revoked");
        assertEquals(200, client.get(JOBS).statusCode());
        JsonObject used = Api.json(Api.admin("GET", KEYS + "/" + client.keyId));
        assertNotNull(used.getString("lastUsedAt", null), "use is recorded: " + used);

        HttpResponse<String> revoked = Api.admin("POST", KEYS + "/" + client.keyId + "/revoke");
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("REVOKED", Api.json(revoked).getString("status"));
        assertEquals(401, client.get(JOBS).statusCode());
        assertEquals(401, client.post(JOBS, "{\"script\": \"Speaker 1: Too late.\"}").statusCode());

        HttpResponse<String> again = Api.admin("POST", KEYS + "/" + client.keyId + "/revoke");
        assertEquals(Api.json(revoked).getString("revokedAt"), Api.json(again).getString("revokedAt"),
                "revoking twice changes nothing");
        assertEquals(404, Api.admin("POST", KEYS + "/" + UUID.randomUUID() + "/revoke").statusCode());
    }

    @Test
    void requestsRelayedByAProxyNeedCredentialsEvenFromThisMachine() {
        for (String[] header : List.of(new String[] {"X-Forwarded-For", "203.0.113.9"},
                new String[] {"Forwarded", "for=203.0.113.9"}, new String[] {"X-Real-IP", "203.0.113.9"})) {
            HttpResponse<String> response = Api.send(Client.request("POST", JOBS, "{\"script\": \"Speaker 1: Relayed.\"}")
                    .header(header[0], header[1]).build());
            assertEquals(401, response.statusCode(), header[0]);
            assertEquals(401, Api.send(Client.request("GET", "/api/v1/voices", null).header(header[0], header[1]).build())
                    .statusCode(), header[0]);
        }
    }

    @Test
    void keyCreationIsForOperatorsAndChecksItsFields() {
        assertEquals(401, Api.send(Client.request("POST", KEYS, "{\"client\": \"x\", \"name\": \"y\"}").build()).statusCode());
        Client client = Client.create("not-admin");
        assertEquals(401, client.post(KEYS, "{\"client\": \"x\", \"name\": \"y\"}").statusCode());

        HttpResponse<String> badClient = Api.adminJson("POST", KEYS, "{\"client\": \"a b\", \"name\": \"y\"}");
        assertEquals(422, badClient.statusCode(), badClient.body());
        assertEquals("client", Api.json(badClient).getJsonArray("errors").getJsonObject(0).getString("field"));
        HttpResponse<String> noName = Api.adminJson("POST", KEYS, "{\"client\": \"acme\"}");
        assertEquals(422, noName.statusCode(), noName.body());
        assertEquals("name", Api.json(noName).getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(400, Api.adminJson("POST", KEYS, "{not json").statusCode());
        assertEquals(404, Api.admin("GET", KEYS + "/" + UUID.randomUUID()).statusCode());
    }

    @Test
    void readinessSaysWhoMayCall() {
        HttpResponse<String> ready = Api.get(Api.MANAGEMENT + "/health/ready");
        JsonObject clients = Api.json(ready).getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(check -> "clients".equals(check.getString("name"))).findFirst().orElseThrow();
        assertEquals("UP", clients.getString("status"));
        assertEquals("loopback only", clients.getJsonObject("data").getString("anonymous"));
    }

    private static Set<String> ids(HttpResponse<String> list) {
        assertEquals(200, list.statusCode(), list.body());
        return Api.json(list).getJsonArray("items").stream()
                .map(item -> item.asJsonObject().getString("id")).collect(Collectors.toSet());
    }

    /** A problem body with the job id taken out of its detail, to compare two answers. */
    private record Problem(int status, String type, String title, String detail) {
        static Problem of(HttpResponse<String> response) {
            JsonObject body = Api.json(response);
            return new Problem(response.statusCode(), body.getString("type"), body.getString("title"),
                    body.getString("detail"));
        }

        Problem withoutId(String id) {
            return new Problem(status, type, title, detail.replace(id, "{id}"));
        }
    }
}
