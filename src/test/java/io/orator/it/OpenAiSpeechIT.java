package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.synthesis.encoding.FfmpegDecoder;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import com.openai.models.models.Model;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** OpenAI's official Java SDK against {@code /v1}: speech in each format, streamed, as SSE, and its errors. */
@ExtendWith(ArquillianExtension.class)
class OpenAiSpeechIT {

    private static final String TEXT = "Welcome back to the show. Today we talk about speech. It is a long story.";
    private static final int RATE = 24_000;

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    /** The SDK as a user on this machine sets it up in the zero-setup mode: any placeholder key. */
    private static OpenAIClient sdk(String apiKey) {
        return OpenAIOkHttpClient.builder().baseUrl(Api.BASE + "/v1").apiKey(apiKey).maxRetries(0)
                .timeout(Duration.ofMinutes(2)).build();
    }

    private static byte[] speech(OpenAIClient client, SpeechCreateParams params) throws IOException {
        try (HttpResponse response = client.audio().speech().create(params); InputStream body = response.body()) {
            assertEquals(200, response.statusCode());
            return body.readAllBytes();
        }
    }

    private static SpeechCreateParams.Builder params(String input) {
        return SpeechCreateParams.builder().model(SpeechModel.TTS_1).voice(SpeechCreateParams.Voice.ALLOY).input(input);
    }

    private static short[] samples(byte[] littleEndian, int from) {
        short[] samples = new short[(littleEndian.length - from) / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((littleEndian[from + 2 * i] & 0xff) | (littleEndian[from + 2 * i + 1] << 8));
        }
        return samples;
    }

    /** Asserts speech, not silence: a quarter of the 20 ms frames at least are clearly audible. */
    private static void assertSpeech(short[] samples) {
        int frame = RATE / 50;
        int frames = samples.length / frame;
        int loud = 0;
        for (int f = 0; f < frames; f++) {
            double energy = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                energy += (double) samples[i] * samples[i];
            }
            if (Math.sqrt(energy / frame) > 500) {
                loud++;
            }
        }
        assertTrue(frames > 0 && loud >= frames / 4, loud + " audible frames of " + frames);
    }

    @Test
    void theSdkGetsWavAndPcmOfTheSameSpeech() throws IOException {
        OpenAIClient client = sdk("sk-local-placeholder");
        byte[] wav = speech(client, params(TEXT).responseFormat(SpeechCreateParams.ResponseFormat.WAV).build());
        assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
        assertEquals("WAVE", new String(wav, 8, 4, StandardCharsets.US_ASCII));
        assertEquals(RATE, (wav[24] & 0xff) | (wav[25] & 0xff) << 8 | (wav[26] & 0xff) << 16);
        short[] wavSamples = samples(wav, 44);
        double seconds = wavSamples.length / (double) RATE;
        assertTrue(seconds > 2 && seconds < 20, seconds + " s");
        assertSpeech(wavSamples);

        byte[] pcm = speech(client, params(TEXT).responseFormat(SpeechCreateParams.ResponseFormat.PCM).build());
        assertSameDuration(wavSamples.length, pcm.length / 2, "pcm: the same speech without a header");
        assertSpeech(samples(pcm, 0));

        byte[] slower = speech(client, params(TEXT).responseFormat(SpeechCreateParams.ResponseFormat.PCM).speed(0.5).build());
        assertTrue(slower.length > pcm.length * 1.5, "speed 0.5 takes longer: " + slower.length + " vs " + pcm.length);
    }

    /** Within 2 %: the engine's voice varies a little from one call to the next, not its length. */
    private static void assertSameDuration(int expectedSamples, int actualSamples, String what) {
        assertTrue(Math.abs(actualSamples - expectedSamples) <= expectedSamples * 0.02,
                what + ": " + actualSamples + " samples against " + expectedSamples);
    }

    @Test
    void mp3IsTheDefault() throws Exception {
        byte[] mp3 = speech(sdk("sk-local-placeholder"), params(TEXT).build());
        assertTrue((mp3[0] & 0xff) == 0xff && (mp3[1] & 0xe0) == 0xe0 || new String(mp3, 0, 3, StandardCharsets.US_ASCII)
                .equals("ID3"), "an MPEG audio stream");
        assertEquals("mp3/mp3", FfmpegDecoder.probe(mp3));
    }

    /** Each compressed format, decoded by sox (mp3) or ffmpeg (the rest), is the pcm's speech at its length. */
    @ParameterizedTest
    @CsvSource({"MP3, mp3/mp3, 4", "OPUS, ogg/opus, 4", "AAC, aac/aac, 4", "FLAC, flac/flac, 1.3"})
    void everyCompressedFormatDecodesToTheSameSpeech(String format, String probed, double compression) throws Exception {
        OpenAIClient client = sdk("sk-local-placeholder");
        // Long enough that a codec's fixed padding (encoder delay, last frame) is well inside 2 %.
        String text = TEXT + " " + TEXT + " " + TEXT;
        byte[] pcm = speech(client, params(text).responseFormat(SpeechCreateParams.ResponseFormat.PCM).build());
        byte[] encoded = speech(client, params(text).responseFormat(SpeechCreateParams.ResponseFormat.of(
                format.toLowerCase(java.util.Locale.ROOT))).build());
        assertEquals(probed, FfmpegDecoder.probe(encoded));
        assertTrue(encoded.length < pcm.length / compression, "compressed: " + encoded.length + " bytes against " + pcm.length);
        short[] decoded = samples(format.equals("MP3") ? Sox.decode(encoded, "mp3", RATE) : FfmpegDecoder.decode(encoded, RATE), 0);
        assertSameDuration(pcm.length / 2, decoded.length, format + " decoded");
        assertSpeech(decoded);
    }

    /** {@code TEXT} spoken in {@code format} with {@code stream_format: sse}: the events' data, in order. */
    private static List<JsonObject> sseEvents(OpenAIClient client, SpeechCreateParams.ResponseFormat format) throws IOException {
        String events = new String(speech(client, params(TEXT).responseFormat(format)
                .streamFormat(SpeechCreateParams.StreamFormat.SSE).build()), StandardCharsets.UTF_8);
        return events.lines().filter(l -> l.startsWith("data: "))
                .map(l -> jakarta.json.Json.createReader(new java.io.StringReader(l.substring(6))).readObject()).toList();
    }

    @Test
    void opusAsSseEventsIsOneOggStream() throws Exception {
        OpenAIClient client = sdk("sk-local-placeholder");
        byte[] pcm = speech(client, params(TEXT).responseFormat(SpeechCreateParams.ResponseFormat.PCM).build());
        ByteArrayOutputStream ogg = new ByteArrayOutputStream();
        sseEvents(client, SpeechCreateParams.ResponseFormat.OPUS).stream()
                .filter(event -> event.getString("type").equals("speech.audio.delta"))
                .forEach(event -> ogg.writeBytes(Base64.getDecoder().decode(event.getString("audio"))));
        assertEquals("ogg/opus", FfmpegDecoder.probe(ogg.toByteArray()));
        short[] decoded = samples(FfmpegDecoder.decode(ogg.toByteArray(), RATE), 0);
        assertSameDuration(pcm.length / 2, decoded.length, "the events' opus");
        assertSpeech(decoded);
    }

    @Test
    void sseEventsCarryTheSameAudioAndEndWithDone() throws IOException {
        OpenAIClient client = sdk("sk-local-placeholder");
        byte[] pcm = speech(client, params(TEXT).responseFormat(SpeechCreateParams.ResponseFormat.PCM).build());
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        List<JsonObject> parsed = sseEvents(client, SpeechCreateParams.ResponseFormat.PCM);
        assertTrue(parsed.size() >= 3, "a delta per sentence and the end: " + parsed.size());
        for (JsonObject event : parsed.subList(0, parsed.size() - 1)) {
            assertEquals("speech.audio.delta", event.getString("type"));
            audio.writeBytes(Base64.getDecoder().decode(event.getString("audio")));
        }
        JsonObject done = parsed.get(parsed.size() - 1);
        assertEquals("speech.audio.done", done.getString("type"));
        assertEquals(TEXT.length(), done.getJsonObject("usage").getInt("input_tokens"));
        assertSameDuration(pcm.length / 2, audio.size() / 2, "the events' audio");
        assertSpeech(samples(audio.toByteArray(), 0));
    }

    @Test
    void theFirstBytesLeaveLongBeforeTheLast() throws Exception {
        String input = String.join(" ", java.util.Collections.nCopies(40, "This sentence is one of forty in a row."));
        var request = Client.request("POST", "/v1/audio/speech",
                "{\"model\": \"tts-1\", \"voice\": \"nova\", \"response_format\": \"pcm\", \"input\": " + Api.quote(input) + "}")
                .build();
        long sent = System.nanoTime();
        java.net.http.HttpResponse<InputStream> response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        long firstByte;
        long bytes;
        try (InputStream body = response.body()) {
            assertTrue(body.read() >= 0);
            firstByte = System.nanoTime() - sent;
            bytes = 1 + body.transferTo(java.io.OutputStream.nullOutputStream());
        }
        long whole = System.nanoTime() - sent;
        assertTrue(bytes > RATE * 2 * 30, "forty sentences: " + bytes + " bytes");
        assertTrue(firstByte * 3 < whole, "first byte after " + firstByte / 1_000_000 + " ms of " + whole / 1_000_000 + " ms");
    }

    @Test
    void aSpeechRequestDoesNotWaitForARunningJob() throws IOException {
        String job = Api.submit("{\"script\": " + Api.quote(Api.longScript(600)) + "}");
        Api.await(() -> Api.job(job), j -> j.getString("status").equals("RUNNING")
                && j.getJsonNumber("progress").doubleValue() > 0, Duration.ofSeconds(60), "the long job speaking");
        byte[] pcm = speech(sdk("sk-local-placeholder"), params("Excuse me, a quick one.")
                .responseFormat(SpeechCreateParams.ResponseFormat.PCM).build());
        assertSpeech(samples(pcm, 0));
        assertEquals("RUNNING", Api.job(job).getString("status"), "the speech was done before the job, not after it");
        JsonObject finished = Api.awaitStatus(job, Duration.ofMinutes(5), "SUCCEEDED", "FAILED");
        assertEquals("SUCCEEDED", finished.getString("status"), finished.toString());
        assertTrue(finished.getJsonObject("audio").getJsonNumber("durationSeconds").doubleValue() > 600 * 2,
                finished.toString());
    }

    @Test
    void anApiKeyIsTheSdksKeyAndAWrongOneIsRefused() throws IOException {
        Client client = Client.create("sdk");
        byte[] pcm = speech(sdk(client.key), params("Hello from a keyed client.")
                .responseFormat(SpeechCreateParams.ResponseFormat.PCM).build());
        assertTrue(pcm.length > RATE);
        UnauthorizedException refused = assertThrows(UnauthorizedException.class, () -> speech(sdk("ork_" + "Z".repeat(43)),
                params("Hello.").responseFormat(SpeechCreateParams.ResponseFormat.PCM).build()));
        assertEquals(401, refused.statusCode());
        assertTrue(refused.getMessage().contains("API key"), refused.getMessage());
    }

    @Test
    void badRequestsGetOpenAiErrorsNamingTheField() {
        OpenAIClient client = sdk("sk-local-placeholder");
        assertBadRequest(client, params(TEXT).voice("nobody"), "voice", "Unknown voice");
        assertBadRequest(client, params(TEXT).responseFormat(SpeechCreateParams.ResponseFormat.of("ogg")), "response_format",
                "must be one of");
        assertBadRequest(client, params(TEXT).speed(5.0), "speed", "0.25");
        assertBadRequest(client, params(""), "input", "input");
        assertBadRequest(client, params("word ".repeat(1_000)), "input", "/api/v1/syntheses");
        assertBadRequest(client, params(TEXT).model("whisper-1"), "model", "Unknown model");

        java.net.http.HttpResponse<String> wrongType = Api.send(Client.request("POST", "/v1/audio/speech", "{}")
                .setHeader("Content-Type", "text/plain").build());
        assertEquals(415, wrongType.statusCode());
        assertTrue(Api.json(wrongType).getJsonObject("error").containsKey("message"), wrongType.body());
        java.net.http.HttpResponse<String> notJson = Api.send(Client.request("POST", "/v1/audio/speech", "{\"input\": ").build());
        assertEquals(400, notJson.statusCode(), notJson.body());
        assertEquals("invalid_request_error", Api.json(notJson).getJsonObject("error").getString("type"));
        java.net.http.HttpResponse<String> unknownPath = Api.get("/v1/chat/completions");
        assertEquals(404, unknownPath.statusCode());
        assertTrue(Api.json(unknownPath).getJsonObject("error").getString("message").contains("/v1/audio/speech"));
    }

    private static void assertBadRequest(OpenAIClient client, SpeechCreateParams.Builder params, String param, String says) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> speech(client, params.build()));
        assertEquals(400, e.statusCode());
        assertEquals(param, e.param().orElse(null), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertEquals("invalid_request_error", e.type().orElse(null));
    }

    @Test
    void modelsAndVoicesAreListedAsOpenAiClientsReadThem() {
        OpenAIClient client = sdk("sk-local-placeholder");
        Set<String> models = client.models().list().data().stream().map(Model::id).collect(Collectors.toSet());
        assertTrue(models.containsAll(Set.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "espeak-ng")), models.toString());
        OpenAIServiceException unknown = assertThrows(OpenAIServiceException.class,
                () -> client.models().retrieve("dall-e-3"));
        assertEquals(404, unknown.statusCode());

        JsonObject voices = Api.json(Api.get("/v1/audio/voices"));
        List<String> names = voices.getJsonArray("voices").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
        assertTrue(names.containsAll(List.of("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage",
                "shimmer", "verse", "en-us-f3")), names.toString());
    }
}
