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

/** {@code GET /api/v1/formats}: the audio formats, and which of them this server encodes. */
@Path("v1/formats")
@Produces(MediaType.APPLICATION_JSON)
public class FormatResource {

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
