package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.synthesis.encoding.FfmpegDecoder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A finished job's audio in another format, encoded as it streams from the WAV file. */
@ExtendWith(ArquillianExtension.class)
class JobAudioFormatsIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    private static HttpResponse<byte[]> audio(String id, String query) {
        return Api.sendForBytes(HttpRequest.newBuilder(java.net.URI.create(Api.BASE + "/api/v1/syntheses/" + id + "/audio" + query))
                .build());
    }

    @Test
    void aFinishedJobsAudioComesInEveryAvailableFormat() throws Exception {
        // Long enough that an mp3's fixed padding (encoder delay, last frame) is well inside 2 %.
        String id = Api.submit("{\"script\": " + Api.quote(Api.longScript(8)) + "}");
        JsonObject job = Api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
        int rate = job.getJsonObject("audio").getInt("sampleRate");

        HttpResponse<byte[]> wav = audio(id, "");
        assertEquals(200, wav.statusCode());
        byte[] samples = Arrays.copyOfRange(wav.body(), 44, wav.body().length);

        HttpResponse<byte[]> pcm = audio(id, "?format=pcm");
        assertEquals(200, pcm.statusCode());
        assertEquals("audio/pcm", pcm.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(samples, pcm.body(), "pcm is the WAV file's samples");

        HttpResponse<byte[]> mp3 = audio(id, "?format=mp3");
        assertEquals(200, mp3.statusCode());
        assertEquals("audio/mpeg", mp3.headers().firstValue("Content-Type").orElse(""));
        assertEquals("none", mp3.headers().firstValue("Accept-Ranges").orElse(""));
        assertTrue(mp3.body().length < samples.length / 4, mp3.body().length + " bytes of mp3");
        byte[] decoded = Sox.decode(mp3.body(), "mp3", rate);
        assertTrue(Math.abs(decoded.length - samples.length) <= samples.length * 0.02,
                "mp3 decodes to " + decoded.length + " bytes of samples against " + samples.length);
        assertTrue(rms(decoded) > rms(samples) * 0.5, "speech, not silence");

        for (String format : List.of("flac", "opus", "aac")) {
            HttpResponse<byte[]> encoded = audio(id, "?format=" + format);
            assertEquals(200, encoded.statusCode(), format);
            byte[] back = FfmpegDecoder.decode(encoded.body(), rate);
            assertTrue(Math.abs(back.length - samples.length) <= samples.length * 0.02,
                    format + " decodes to " + back.length + " bytes of samples against " + samples.length);
            assertTrue(rms(back) > rms(samples) * 0.5, format + ": speech, not silence");
            if (format.equals("flac")) {
                assertArrayEquals(samples, back, "flac is lossless");
            }
        }

        String mp3Tag = mp3.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(wav.headers().firstValue("ETag").orElseThrow(), mp3Tag, "each format has its own ETag");
        HttpResponse<byte[]> unchanged = Api.sendForBytes(HttpRequest.newBuilder(java.net.URI.create(Api.BASE
                + "/api/v1/syntheses/" + id + "/audio?format=mp3")).header("If-None-Match", mp3Tag).build());
        assertEquals(304, unchanged.statusCode());
        HttpResponse<byte[]> head = Api.sendForBytes(HttpRequest.newBuilder(java.net.URI.create(Api.BASE
                + "/api/v1/syntheses/" + id + "/audio?format=mp3")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheField() {
        String id = Api.submit("{\"script\": \"Speaker 1: Short.\"}");
        Api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
        for (String format : List.of("ogg", "vorbis", "WAV;", "mp4")) {
            HttpResponse<String> refused = Api.get("/api/v1/syntheses/" + id + "/audio?format=" + format.replace(";", "%3B"));
            assertEquals(422, refused.statusCode(), format + ": " + refused.body());
            assertEquals("format", Api.json(refused).getJsonArray("errors").getJsonObject(0).getString("field"));
        }
        assertEquals(200, audio(id, "?format=MP3").statusCode(), "format names are not case-sensitive");
    }

    @Test
    void aJobAskingForMp3IsServedInMp3UnlessTheDownloadAsksOtherwise() throws Exception {
        String id = Api.submit("{\"script\": " + Api.quote(Api.longScript(4)) + ", \"format\": \"MP3\"}");
        JsonObject job = Api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
        assertEquals("mp3", job.getString("format"));
        assertEquals("audio/mpeg", job.getJsonObject("audio").getString("contentType"));
        HttpResponse<byte[]> mp3 = audio(id, "");
        assertEquals("audio/mpeg", mp3.headers().firstValue("Content-Type").orElse(""));
        assertTrue(Sox.decode(mp3.body(), "mp3", job.getJsonObject("audio").getInt("sampleRate")).length > 0);
        HttpResponse<byte[]> wav = audio(id, "?format=wav");
        assertEquals("audio/wav", wav.headers().firstValue("Content-Type").orElse(""));
        assertEquals("bytes", wav.headers().firstValue("Accept-Ranges").orElse(""));

        String opusJob = Api.submit("{\"script\": \"Speaker 1: Short and sweet.\", \"format\": \"opus\"}");
        JsonObject opus = Api.awaitStatus(opusJob, Duration.ofSeconds(60), "SUCCEEDED");
        assertEquals("audio/ogg", opus.getJsonObject("audio").getString("contentType"));
        HttpResponse<byte[]> ogg = audio(opusJob, "");
        assertEquals("audio/ogg", ogg.headers().firstValue("Content-Type").orElse(""));
        assertEquals("ogg/opus", FfmpegDecoder.probe(ogg.body()));

        int before = Api.json(Api.get("/api/v1/syntheses?limit=100")).getJsonArray("items").size();
        HttpResponse<String> refused = Api.post("/api/v1/syntheses", "{\"script\": \"Speaker 1: Hi.\", \"format\": \"ogg\"}");
        assertEquals(422, refused.statusCode(), refused.body());
        assertEquals("format", Api.json(refused).getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(before, Api.json(Api.get("/api/v1/syntheses?limit=100")).getJsonArray("items").size(), "nothing stored");
    }

    @Test
    void formatsAreListedWithTheirAvailability() {
        HttpResponse<String> listed = Api.get("/api/v1/formats");
        assertEquals(200, listed.statusCode(), listed.body());
        List<JsonObject> formats = jakarta.json.Json.createReader(new java.io.StringReader(listed.body())).readArray().stream()
                .map(JsonValue::asJsonObject).toList();
        assertEquals(List.of("mp3", "opus", "aac", "flac", "wav", "pcm"), formats.stream().map(f -> f.getString("format")).toList());
        // Debian with libflac12, libopusenc0 and ffmpeg, as .ci/run and the container image install them.
        assertEquals(List.of("mp3", "opus", "aac", "flac", "wav", "pcm"), formats.stream().filter(f -> f.getBoolean("available"))
                .map(f -> f.getString("format")).toList());
    }

    private static double rms(byte[] littleEndian) {
        double sum = 0;
        int n = littleEndian.length / 2;
        for (int i = 0; i < n; i++) {
            short s = (short) ((littleEndian[2 * i] & 0xff) | littleEndian[2 * i + 1] << 8);
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, n));
    }
}
