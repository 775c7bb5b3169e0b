import io.orator.synthesis.encoding.AudioEncoder;
import io.orator.synthesis.encoding.AudioFormat;
import io.orator.voices.Voice;
import io.orator.voices.espeak.EspeakEngine;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Encoding throughput per format on one thread, as a multiple of real time: real speech (the
 * embedded espeak-ng voice) encoded by the encoders the server uses, into a stream that only
 * counts bytes. Prints one JSON line per format: {@code {"format", "audioSeconds", "sampleRate",
 * "bestSeconds", "timesRealTime", "bytesPerAudioSecond"}}.
 *
 * Usage: java -cp <test classpath>:target/classes bench/EncodeSpeed.java <data dir> [audio seconds] [rounds]
 */
public class EncodeSpeed {

    private static final String TEXT = "Welcome back to the show. Today we talk about how long recordings are made, "
            + "chapter by chapter, with two voices taking turns, and why that is harder than it sounds.";

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        double wantedSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 120;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Files.createDirectories(data);
        short[] speech;
        int rate;
        try (EspeakEngine espeak = new EspeakEngine(data.resolve("espeak"))) {
            Voice voice = espeak.voices().stream().filter(v -> v.id().equals("en-us-f3")).findFirst().orElseThrow();
            rate = voice.sampleRate();
            short[][] collected = {new short[0]};
            while (collected[0].length < wantedSeconds * rate) {
                espeak.synthesize(voice, TEXT, 1.0, (samples, offset, length) -> {
                    short[] grown = Arrays.copyOf(collected[0], collected[0].length + length);
                    System.arraycopy(samples, offset, grown, collected[0].length, length);
                    collected[0] = grown;
                });
            }
            speech = collected[0];
        }
        double audioSeconds = speech.length / (double) rate;
        for (AudioFormat format : AudioFormat.values()) {
            if (!format.available()) {
                continue;
            }
            long best = Long.MAX_VALUE;
            long bytes = 0;
            for (int round = 0; round < rounds; round++) {
                long[] counted = {0};
                OutputStream sink = new OutputStream() {
                    @Override
                    public void write(int b) {
                        counted[0]++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        counted[0] += len;
                    }
                };
                long start = System.nanoTime();
                AudioEncoder encoder = format.encoder(sink, rate);
                // Blocks of one 300-character chunk's audio at most, as the pipeline hands them on.
                for (int at = 0; at < speech.length; at += 8_192) {
                    encoder.accept(speech, at, Math.min(8_192, speech.length - at));
                }
                encoder.finish();
                best = Math.min(best, System.nanoTime() - start);
                bytes = counted[0];
            }
            double seconds = best / 1e9;
            System.out.printf("{\"format\": \"%s\", \"audioSeconds\": %.1f, \"sampleRate\": %d, \"bestSeconds\": %.4f, "
                            + "\"timesRealTime\": %.0f, \"bytesPerAudioSecond\": %.0f}%n",
                    format.wireName(), audioSeconds, rate, seconds, audioSeconds / seconds, bytes / audioSeconds);
        }
    }
}
