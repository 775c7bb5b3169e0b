package io.orator.jobs;

import io.orator.synthesis.encoding.AudioFormat;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/formats}: the audio formats, and which of them this server encodes. */
@Path("v1/formats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalog")
public class FormatResource {

    @Operation(summary = "Audio formats, and which this server encodes")
    @APIResponse(responseCode = "200", description = "The formats", content = @Content(mediaType = "application/json", schema = @Schema(ref = "FormatList")))
    @GET
    public JsonArray list() {
        JsonArrayBuilder formats = Json.createArrayBuilder();
        for (AudioFormat format : AudioFormat.values()) {
            JsonObjectBuilder entry = Json.createObjectBuilder().add("format", format.wireName())
                    .add("contentType", format.mediaType()).add("available", format.available());
            if (!format.available()) {
                entry.add("requires", format.requires());
            }
            formats.add(entry);
        }
        return formats.build();
    }
}
