package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.synthesis.WavWriter;
import io.orator.testing.Ebur128;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every job's audio is levelled to −16 LUFS (the server's default), each speaker on its own:
 * checked with an independent meter, ffmpeg's ebur128 filter, on the whole file and on each
 * speaker's sentences (cut out by the job's own timestamps).
 */
@ExtendWith(ArquillianExtension.class)
class LoudnessIT {

    private static final double TARGET = -16;

    @TempDir
    Path dir;

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @Test
    void aNeuralAndAnEspeakSpeakerEndAtTheTargetAndWithinTwoLuOfEachOther() throws Exception {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            script.append("Speaker 1: The first speaker reads line ").append(i)
                    .append(" of the dialogue, at a steady pace and with some length to it.\n")
                    .append("Speaker 2: And the second speaker answers line ").append(i)
                    .append(", a little longer each time, so the meter has enough to hear.\n");
        }
        String id = Api.submit("{\"script\": " + Api.quote(script.toString())
                + ", \"voices\": {\"1\": \"en-us-m7\", \"2\": \"tiny-ts\"}}");
        JsonObject job = Api.awaitStatus(id, Duration.ofSeconds(120), "SUCCEEDED");
        int rate = job.getJsonObject("audio").getInt("sampleRate");
        Path wav = dir.resolve("job.wav");
        Files.write(wav, Api.sendForBytes(HttpRequest.newBuilder(URI.create(Api.BASE + "/api/v1/syntheses/" + id
                + "/audio")).build()).body());

        double whole = Ebur128.integrated(wav);

        short[] pcm = samples(Files.readAllBytes(wav));
        List<JsonObject> sentences = Api.json(Api.get("/api/v1/syntheses/" + id + "/timestamps"))
                .getJsonArray("sentences").getValuesAs(JsonObject.class);
        double first = Ebur128.integrated(speakerOnly(sentences, 1, pcm, rate));
        double second = Ebur128.integrated(speakerOnly(sentences, 2, pcm, rate));
        String measured = "whole " + whole + ", speaker 1 " + first + ", speaker 2 " + second + " LUFS";
        System.out.println("Measured by ffmpeg's ebur128: " + measured);
        assertEquals(TARGET, whole, 1.0, "the whole file, by ffmpeg's ebur128: " + measured);
        assertEquals(TARGET, first, 1.0, "speaker 1 (espeak-ng)");
        assertEquals(TARGET, second, 1.0, "speaker 2 (TorchScript)");
        assertTrue(Math.abs(first - second) <= 2.0, "speakers " + first + " and " + second + " LUFS");
    }

    /** The speaker's sentences, one after the other, as a WAV file of their own. */
    private Path speakerOnly(List<JsonObject> sentences, int speaker, short[] pcm, int rate) throws Exception {
        Path file = dir.resolve("speaker-" + speaker + ".wav");
        try (WavWriter writer = WavWriter.create(dir.resolve("speaker-" + speaker + ".part"), rate)) {
            for (JsonObject sentence : sentences) {
                if (sentence.getInt("speaker") == speaker) {
                    int from = (int) Math.round(sentence.getJsonNumber("start").doubleValue() * rate);
                    int to = (int) Math.min(pcm.length, Math.round(sentence.getJsonNumber("end").doubleValue() * rate));
                    short[] stretch = Arrays.copyOfRange(pcm, from, to);
                    writer.accept(stretch, 0, stretch.length);
                }
            }
            writer.finish(file);
        }
        return file;
    }

    private static short[] samples(byte[] wav) {
        ByteBuffer data = ByteBuffer.wrap(wav, WavWriter.HEADER_BYTES, wav.length - WavWriter.HEADER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        short[] pcm = new short[data.remaining() / 2];
        data.asShortBuffer().get(pcm);
        return pcm;
    }
}
