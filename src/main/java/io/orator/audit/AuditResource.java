package io.orator.audit;

import io.orator.platform.FieldError;
import io.orator.platform.HistoryCursor;
import io.orator.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/admin/audit}: the audit log, newest first, for operators. */
@Path("v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AuditResource {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;

    @Inject
    AuditLog log;

    @Operation(summary = "The audit log: who did what, newest first")
    @GET
    public JsonObject list(@QueryParam("actor") String actor, @QueryParam("action") String action,
                           @QueryParam("since") String since, @QueryParam("until") String until,
                           @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int pageSize = limit == null ? DEFAULT_PAGE : limit;
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw ProblemException.invalid("limit is out of range",
                    List.of(new FieldError("limit", "must be between 1 and " + MAX_PAGE)));
        }
        AuditLog.Page page = log.list(new AuditLog.Filter(blankToNull(actor), blankToNull(action),
                        instant("since", since), instant("until", until)), pageSize,
                cursor == null || cursor.isBlank() ? null : HistoryCursor.decode(cursor));
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.events().forEach(event -> items.add(json(event)));
        JsonObjectBuilder body = Json.createObjectBuilder().add("items", items);
        if (page.next() != null) {
            body.add("next", page.next().encode());
        }
        return body.build();
    }

    private static JsonObject json(AuditEvent event) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", event.getId().toString())
                .add("at", event.getAt().toString())
                .add("actorKind", event.getActorKind())
                .add("action", event.getAction())
                .add("status", event.getStatus());
        add(json, "actor", event.getActor());
        add(json, "target", event.getTarget());
        add(json, "address", event.getAddress());
        return json.build();
    }

    private static void add(JsonObjectBuilder json, String field, String value) {
        if (value != null) {
            json.add(field, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("Not an ISO-8601 instant: " + field,
                    List.of(new FieldError(field, "must be an ISO-8601 UTC time such as 2026-11-29T10:00:00Z")));
        }
    }
}
