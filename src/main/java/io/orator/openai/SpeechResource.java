package io.orator.openai;

import io.orator.clients.Caller;
import io.orator.clients.Callers;
import io.orator.synthesis.SynthesisPipeline;
import io.orator.synthesis.encoding.AudioEncoder;
import io.orator.synthesis.encoding.AudioFormat;
import io.orator.voices.EngineLeases;
import io.orator.voices.SpeakerVoice;
import io.orator.voices.VoiceRegistry;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /v1/audio/speech}, OpenAI's speech endpoint: the audio leaves chunk by chunk as it
 * is spoken (chunked transfer), so the first sentence is heard while the rest is still being
 * synthesized. Each chunk takes its turn on the engine ahead of a running job's next chunk.
 */
@Path("audio/speech")
public class SpeechResource {

    private static final Logger LOG = Logger.getLogger(SpeechResource.class.getName());

    @Inject
    Callers callers;

    @Inject
    OpenAiVoices openAiVoices;

    @Inject
    OpenAiModels models;

    @Inject
    SpeechPermit permit;

    @Inject
    SpeechAdmission admission;

    @Inject
    VoiceRegistry voices;

    @Inject
    SynthesisPipeline pipeline;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response speak(JsonObject body) {
        Caller caller = callers.current();
        if (body == null) {
            throw OpenAiError.invalid(null, "missing_body", "A JSON body is required");
        }
        SpeechRequest request = SpeechRequest.parse(body, admission.maxInputCharacters());
        if (!models.accepts(request.model())) {
            throw OpenAiError.invalid("model", "model_not_found", "Unknown model " + request.model()
                    + "; GET /v1/models lists the models this server takes");
        }
        SpeakerVoice voice = openAiVoices.resolve(request.voice()).orElseThrow(() -> OpenAiError.invalid("voice",
                "voice_not_found", "Unknown voice " + request.voice() + "; GET /v1/audio/voices lists them"));
        if (!request.format().available()) {
            throw OpenAiError.invalid("response_format", "unsupported_response_format", "response_format "
                    + request.format().wireName() + " is not available on this server (it needs "
                    + request.format().requires() + "); available: " + AudioFormat.availableNames());
        }
        permit.take();
        StreamingOutput audio = out -> {
            try {
                speak(request, voice, out);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Speech for client " + caller.client() + " ended early: " + e, e);
                throw e;
            } finally {
                permit.release();
            }
        };
        return Response.ok(audio, request.sse() ? "text/event-stream" : request.format().mediaType())
                .header("Cache-Control", "no-store")
                .build();
    }

    private void speak(SpeechRequest request, SpeakerVoice voice, OutputStream out) throws IOException {
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        try (AudioEncoder encoder = request.format().encoder(pending, SpeechRequest.SAMPLE_RATE);
                EngineLeases.Lease engines = voices.lease()) {
            pipeline.stream(request.input(), voice, request.speed(), SpeechRequest.SAMPLE_RATE, encoder,
                    () -> send(pending, out, request.sse()));
            encoder.finish();
            send(pending, out, request.sse());
        }
        if (request.sse()) {
            int characters = request.input().codePointCount(0, request.input().length());
            JsonObject done = Json.createObjectBuilder().add("type", "speech.audio.done")
                    .add("usage", Json.createObjectBuilder().add("input_tokens", characters).add("output_tokens", 0)
                            .add("total_tokens", characters)).build();
            out.write(("data: " + done + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /**
     * Sends what was encoded since the last call, as audio bytes or as one {@code speech.audio.delta}
     * event. An encoder may write from its own thread (aac's ffmpeg output), so taking the bytes
     * and emptying the buffer happen under the buffer's own lock, which its writes take too.
     */
    private static void send(ByteArrayOutputStream pending, OutputStream out, boolean sse) throws IOException {
        byte[] encoded;
        synchronized (pending) {
            encoded = pending.toByteArray();
            pending.reset();
        }
        if (encoded.length == 0) {
            return;
        }
        if (sse) {
            JsonObject delta = Json.createObjectBuilder().add("type", "speech.audio.delta")
                    .add("audio", Base64.getEncoder().encodeToString(encoded)).build();
            out.write(("data: " + delta + "\n\n").getBytes(StandardCharsets.UTF_8));
        } else {
            out.write(encoded);
        }
        out.flush();
    }
}
