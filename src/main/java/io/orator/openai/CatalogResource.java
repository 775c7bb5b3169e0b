package io.orator.openai;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /v1/models} and {@code GET /v1/audio/voices}, in the shapes OpenAI clients and Open WebUI read. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    /** OpenAI's {@code created} for models this server always had: its own start is as good as any. */
    private static final long CREATED = java.time.Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

    @Inject
    OpenAiModels models;

    @Inject
    OpenAiVoices voices;

    @GET
    @Path("models")
    public JsonObject models() {
        JsonArrayBuilder data = Json.createArrayBuilder();
        models.names().forEach(name -> data.add(modelJson(name)));
        return Json.createObjectBuilder().add("object", "list").add("data", data).build();
    }

    @GET
    @Path("models/{id}")
    public JsonObject model(@PathParam("id") String id) {
        if (!models.accepts(id)) {
            throw new OpenAiError(404, "invalid_request_error", "model", "model_not_found",
                    "The model " + id + " does not exist", Map.of());
        }
        return modelJson(id);
    }

    @GET
    @Path("audio/voices")
    public JsonObject voices() {
        JsonArrayBuilder names = Json.createArrayBuilder();
        voices.names().forEach(names::add);
        return Json.createObjectBuilder().add("voices", names).build();
    }

    private static JsonObject modelJson(String id) {
        return Json.createObjectBuilder().add("id", id).add("object", "model").add("created", CREATED)
                .add("owned_by", "orator").build();
    }
}
