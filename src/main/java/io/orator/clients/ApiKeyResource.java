package io.orator.clients;

import io.orator.platform.Audited;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/admin/keys}: operators create, list and revoke clients' API keys. A key's
 * secret is in the answer to its creation and nowhere else, ever.
 */
@Path("v1/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class ApiKeyResource {

    @Inject
    ApiKeys keys;

    @Context
    UriInfo uriInfo;

    /** The body of a key creation: the client the key speaks for, and a name to recognise it by. */
    public record KeyRequest(String client, String name) {
    }

    @Operation(summary = "Create an API key for a client", description = "The secret is in this answer only.")
    @APIResponse(responseCode = "201", description = "The key with its secret")
    @Audited("key.create")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull(message = "a JSON body is required") KeyRequest request) {
        ClientName client = ClientName.of("client", request.client());
        ApiKeys.IssuedKey issued = keys.create(client, request.name());
        JsonObject body = json(issued.key()).add("key", issued.secret().value()).build();
        return Response.created(uriInfo.getAbsolutePathBuilder().path(issued.key().getId().toString()).build())
                .entity(body).build();
    }

    @Operation(summary = "API keys, without their secrets")
    @GET
    public JsonObject list(@QueryParam("client") String client) {
        Optional<ClientName> filter = client == null || client.isBlank()
                ? Optional.empty() : Optional.of(ClientName.of("client", client));
        JsonArrayBuilder items = Json.createArrayBuilder();
        keys.list(filter).forEach(key -> items.add(json(key)));
        return Json.createObjectBuilder().add("items", items).build();
    }

    @Operation(summary = "One API key, without its secret")
    @GET
    @Path("{id}")
    public JsonObject get(@PathParam("id") UUID id) {
        return json(keys.get(id)).build();
    }

    /** Revokes a key at once on this node, within seconds on every other; 200 with the key. */
    @Operation(summary = "Revoke an API key; requests with it are refused from now on")
    @Audited("key.revoke")
    @POST
    @Path("{id}/revoke")
    public JsonObject revoke(@PathParam("id") UUID id) {
        return json(keys.revoke(id)).build();
    }

    static JsonObjectBuilder json(ApiKey key) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", key.getId().toString())
                .add("client", key.getClient())
                .add("name", key.getName())
                .add("prefix", key.getPrefix())
                .add("createdAt", key.getCreatedAt().toString());
        addInstant(json, "lastUsedAt", key.getLastUsedAt());
        addInstant(json, "revokedAt", key.getRevokedAt());
        return json.add("status", key.isRevoked() ? "REVOKED" : "ACTIVE");
    }

    private static void addInstant(JsonObjectBuilder json, String field, Instant value) {
        if (value != null) {
            json.add(field, value.toString());
        }
    }
}
