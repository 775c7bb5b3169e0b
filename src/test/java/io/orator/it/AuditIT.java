package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The audit log: a row for every audited action, none for a refused one, read by operators. */
@ExtendWith(ArquillianExtension.class)
class AuditIT {

    private static final String AUDIT = "/api/v1/admin/audit";
    private static final String JOBS = "/api/v1/syntheses";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    private static List<JsonObject> events(String query) {
        HttpResponse<String> response = Api.admin("GET", AUDIT + query);
        assertEquals(200, response.statusCode(), response.body());
        return Api.json(response).getJsonArray("items").stream().map(JsonValue::asJsonObject).toList();
    }

    private static JsonObject only(List<JsonObject> events, String action, String target) {
        List<JsonObject> found = events.stream()
                .filter(e -> e.getString("action").equals(action) && target.equals(e.getString("target", null))).toList();
        assertEquals(1, found.size(), action + " " + target + " in " + events);
        return found.get(0);
    }

    @Test
    void everyAuditedActionOfAClientLeavesOneRowAndARefusedOneNone() {
        Client client = Client.create("audited");
        String job;
        String other;
        // Paused, so the job to cancel is still queued when the cancel comes.
        Api.admin("POST", "/api/v1/admin/dispatch/pause");
        try {
            job = Api.json(client.post(JOBS, "{\"script\": \"Speaker 1: Write me down.\"}")).getString("id");
            other = Api.json(client.post(JOBS, "{\"script\": \"Speaker 1: Cancel me, then delete me.\"}")).getString("id");
            assertEquals(200, client.post(JOBS + "/" + other + "/cancel", "").statusCode());
        } finally {
            Api.admin("POST", "/api/v1/admin/dispatch/resume");
        }
        assertEquals(204, client.delete(JOBS + "/" + other).statusCode());
        assertEquals(422, client.post(JOBS, "{\"script\": \"Speaker 9: Refused.\"}").statusCode());
        assertEquals(404, client.delete(JOBS + "/" + UUID.randomUUID()).statusCode());

        List<JsonObject> events = events("?actor=" + client.name + "&limit=500");
        JsonObject submitted = only(events, "job.submit", job);
        assertEquals("CLIENT", submitted.getString("actorKind"));
        assertEquals("127.0.0.1", submitted.getString("address"));
        assertEquals(202, submitted.getInt("status"));
        only(events, "job.submit", other);
        only(events, "job.cancel", other);
        only(events, "job.delete", other);
        assertEquals(4, events.size(), "refused requests leave nothing: " + events);
    }

    @Test
    void operatorActionsKeysAndFailedLoginsAreAudited() {
        Instant since = Instant.now().minusSeconds(1);
        HttpResponse<String> created = Api.adminJson("POST", "/api/v1/admin/keys", "{\"client\": \"audit-keys\", \"name\": \"n\"}");
        String key = Api.json(created).getString("id");
        Api.admin("POST", "/api/v1/admin/keys/" + key + "/revoke");
        Api.admin("POST", "/api/v1/admin/dispatch/pause");
        Api.admin("POST", "/api/v1/admin/dispatch/resume");
        assertEquals(401, Api.asUser("GET", "/api/v1/admin/dashboard", "mallory", "guess").statusCode());
        String anonymous = Api.submit("{\"script\": \"Speaker 1: From this machine, no key.\"}");

        List<JsonObject> events = events("?since=" + since + "&limit=500");
        JsonObject keyCreated = only(events, "key.create", key);
        assertEquals(Api.ADMIN_USER, keyCreated.getString("actor"));
        assertEquals("OPERATOR", keyCreated.getString("actorKind"));
        only(events, "key.revoke", key);
        assertTrue(events.stream().anyMatch(e -> e.getString("action").equals("dispatch.pause")));
        assertTrue(events.stream().anyMatch(e -> e.getString("action").equals("dispatch.resume")));
        assertTrue(events.stream().anyMatch(e -> e.getString("action").equals("login.failed")
                && "mallory".equals(e.getString("actor", null)) && e.getInt("status") == 401), events.toString());
        JsonObject local = only(events, "job.submit", anonymous);
        assertEquals("ANONYMOUS", local.getString("actorKind"));
        assertEquals("local", local.getString("actor"));
        assertFalse(events("?action=key.revoke&since=" + since).isEmpty());
        assertTrue(events("?action=key.revoke&since=" + since).stream().allMatch(e -> e.getString("action").equals("key.revoke")));
    }

    @Test
    void theLogPagesNewestFirstAndChecksItsParameters() {
        Client client = Client.create("paged");
        for (int i = 0; i < 3; i++) {
            client.post(JOBS, "{\"script\": \"Speaker 1: Page " + i + ".\"}");
        }
        JsonObject first = Api.json(Api.admin("GET", AUDIT + "?actor=" + client.name + "&limit=2"));
        JsonArray page = first.getJsonArray("items");
        assertEquals(2, page.size());
        assertTrue(page.getJsonObject(0).getString("at").compareTo(page.getJsonObject(1).getString("at")) >= 0);
        JsonObject second = Api.json(Api.admin("GET", AUDIT + "?actor=" + client.name + "&limit=2&cursor=" + first.getString("next")));
        assertEquals(1, second.getJsonArray("items").size());
        assertFalse(second.containsKey("next"));

        assertEquals(422, Api.admin("GET", AUDIT + "?limit=0").statusCode());
        assertEquals(422, Api.admin("GET", AUDIT + "?since=yesterday").statusCode());
        assertEquals(422, Api.admin("GET", AUDIT + "?cursor=nonsense").statusCode());
        assertEquals(401, Api.get(AUDIT).statusCode(), "operators only");
        assertEquals(401, client.get(AUDIT).statusCode());
    }
}
