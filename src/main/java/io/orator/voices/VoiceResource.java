package io.orator.voices;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/voices}: the voices a request may name. */
@Path("v1/voices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalog")
public class VoiceResource {

    @Inject
    VoiceRegistry registry;

    /** Usable voices first, then voice packs that could not be loaded, each with its reason. */
    @Operation(summary = "Voices: usable ones first, then packs that could not be loaded with their reason")
    @APIResponse(responseCode = "200", description = "The voices", content = @Content(mediaType = "application/json", schema = @Schema(ref = "VoiceList")))
    @GET
    public JsonArray list() {
        JsonArrayBuilder voices = Json.createArrayBuilder();
        registry.all().forEach(v -> voices.add(Json.createObjectBuilder()
                .add("id", v.id())
                .add("engine", v.engine())
                .add("language", v.language())
                .add("sampleRate", v.sampleRate())
                .add("description", v.description())
                .add("timestamps", registry.speakerVoice(v.id()).map(voice -> voice.engine().timestampPrecision(voice.voice()))
                        .orElse(TimestampPrecision.SENTENCE).json())
                .add("status", "ready")));
        registry.unusablePacks().forEach(p -> voices.add(Json.createObjectBuilder()
                .add("id", p.pack())
                .add("engine", p.file().getFileName().toString().endsWith(".onnx") ? "onnx" : "pytorch")
                .add("file", p.file().getFileName().toString())
                .add("status", "unavailable")
                .add("error", p.reason())));
        return voices.build();
    }
}
