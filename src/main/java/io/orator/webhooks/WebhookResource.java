package io.orator.webhooks;

import io.orator.platform.Audited;
import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/admin/webhooks}: the key receivers verify signatures with, the delivery log
 * (newest first, by job or status), and another try of a delivery that was given up.
 */
@Path("v1/admin/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class WebhookResource {

    private static final int MAX_PAGE = 500;

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Inject
    WebhookSigner signer;

    @Inject
    WebhookClaims claims;

    @Operation(summary = "The webhook signing secret and how many deliveries are pending, delivered and given up")
    @GET
    public JsonObject overview() {
        JsonObjectBuilder counts = Json.createObjectBuilder();
        for (WebhookDelivery.Status status : WebhookDelivery.Status.values()) {
            counts.add(status.name().toLowerCase(Locale.ROOT), em.createQuery(
                    "SELECT COUNT(d) FROM WebhookDelivery d WHERE d.status = :status", Long.class)
                    .setParameter("status", status).getSingleResult());
        }
        return Json.createObjectBuilder().add("signingSecret", signer.secret()).add("deliveries", counts).build();
    }

    @Operation(summary = "Webhook deliveries, newest first: where, what, how many tries, the last answer")
    @GET
    @Path("deliveries")
    public JsonObject deliveries(@QueryParam("job") String jobId, @QueryParam("status") String status,
                                 @QueryParam("limit") Integer limit) {
        UUID job = jobId == null || jobId.isBlank() ? null : uuid(jobId);
        int pageSize = limit == null ? 50 : limit;
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw ProblemException.invalid("limit is out of range",
                    List.of(new FieldError("limit", "must be between 1 and " + MAX_PAGE)));
        }
        WebhookDelivery.Status wanted = status == null || status.isBlank() ? null : parse(status);
        String where = (job == null ? "" : " AND d.jobId = :job") + (wanted == null ? "" : " AND d.status = :status");
        TypedQuery<WebhookDelivery> query = em.createQuery("SELECT d FROM WebhookDelivery d WHERE 1 = 1" + where
                + " ORDER BY d.createdAt DESC, d.id", WebhookDelivery.class).setMaxResults(pageSize);
        if (job != null) {
            query.setParameter("job", job);
        }
        if (wanted != null) {
            query.setParameter("status", wanted);
        }
        JsonArrayBuilder items = Json.createArrayBuilder();
        query.getResultList().forEach(delivery -> items.add(json(delivery)));
        return Json.createObjectBuilder().add("items", items).build();
    }

    @Operation(summary = "Try a given-up delivery again now")
    @Audited("webhook.redeliver")
    @POST
    @Path("deliveries/{id}/redeliver")
    public JsonObject redeliver(@PathParam("id") UUID id) {
        if (em.find(WebhookDelivery.class, id) == null) {
            throw ProblemException.notFound("No webhook delivery " + id);
        }
        if (!claims.redeliver(id)) {
            throw ProblemException.conflict("not-redeliverable", "Delivery " + id + " is not FAILED; only given-up deliveries are tried again");
        }
        return json(em.find(WebhookDelivery.class, id));
    }

    private static UUID uuid(String jobId) {
        try {
            return UUID.fromString(jobId.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("Not a job id: " + jobId, List.of(new FieldError("job", "must be a job id (UUID)")));
        }
    }

    private static WebhookDelivery.Status parse(String status) {
        try {
            return WebhookDelivery.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("Unknown delivery status " + status,
                    List.of(new FieldError("status", "must be PENDING, DELIVERED or FAILED")));
        }
    }

    static JsonObject json(WebhookDelivery delivery) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", delivery.getId().toString())
                .add("jobId", delivery.getJobId().toString())
                .add("client", delivery.getClient())
                .add("url", delivery.getUrl())
                .add("type", delivery.getEventType())
                .add("status", delivery.getStatus().name())
                .add("attempts", delivery.getAttempts())
                .add("createdAt", delivery.getCreatedAt().toString());
        if (delivery.getStatus() == WebhookDelivery.Status.PENDING) {
            json.add("nextAttemptAt", delivery.getNextAttemptAt().toString());
        }
        if (delivery.getLastAttemptAt() != null) {
            json.add("lastAttemptAt", delivery.getLastAttemptAt().toString());
        }
        if (delivery.getLastStatus() != null) {
            json.add("lastStatus", delivery.getLastStatus());
        }
        if (delivery.getLastError() != null) {
            json.add("lastError", delivery.getLastError());
        }
        if (delivery.getDeliveredAt() != null) {
            json.add("deliveredAt", delivery.getDeliveredAt().toString());
        }
        return json.build();
    }
}
