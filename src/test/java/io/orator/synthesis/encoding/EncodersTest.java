package io.orator.synthesis.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every format encodes a known signal that an independent decoder (ffmpeg) gives back at the
 * same length and loudness, at the rates voices speak at; encoders let go of what they hold.
 */
class EncodersTest {

    private static final int SECONDS = 6;

    @Test
    void everyFormatIsAvailableWhereTheSystemHasItsLibrary() {
        // Debian with libflac12, libopusenc0 and ffmpeg: what .ci/run and the container image install.
        assertEquals(EnumSet.allOf(AudioFormat.class), EnumSet.copyOf(
                java.util.Arrays.stream(AudioFormat.values()).filter(AudioFormat::available).toList()));
        assertEquals("mp3, opus, aac, flac, wav, pcm", AudioFormat.availableNames());
    }

    @ParameterizedTest
    @CsvSource({"FLAC, 22050, flac/flac", "FLAC, 16000, flac/flac", "OPUS, 22050, ogg/opus", "OPUS, 24000, ogg/opus",
            "AAC, 22050, aac/aac", "AAC, 24000, aac/aac", "MP3, 22050, mp3/mp3"})
    void aSignalComesBackAtItsLengthAndLoudness(AudioFormat format, int rate, String probed) throws Exception {
        short[] signal = toneBursts(rate);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (AudioEncoder encoder = format.encoder(encoded, rate)) {
            // Uneven blocks with offsets, as the pipeline hands them over.
            for (int at = 0, size = 1; at < signal.length; at += size, size = size * 3 % 9_973 + 1) {
                encoder.accept(signal, at, Math.min(size, signal.length - at));
            }
            encoder.finish();
        }
        assertEquals(probed, FfmpegDecoder.probe(encoded.toByteArray()));
        assertTrue(encoded.size() < signal.length * 2 * 0.7, format + ": " + encoded.size() + " bytes");

        short[] decoded = samples(FfmpegDecoder.decode(encoded.toByteArray(), rate));
        assertEquals(signal.length, decoded.length, signal.length * 0.02, format + " keeps the length within 2 %");
        double in = rms(signal, 0, signal.length);
        double out = rms(decoded, 0, decoded.length);
        assertEquals(in, out, in * 0.1, format + " keeps the loudness");
        // The bursts stay where they were: the second half-second of silence is silent.
        assertTrue(rms(decoded, rate / 2 + rate / 10, rate - rate / 10) < in * 0.05, format + " keeps the silence");
    }

    @Test
    void flacIsLossless() throws Exception {
        short[] signal = toneBursts(22_050);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (AudioEncoder encoder = AudioFormat.FLAC.encoder(encoded, 22_050)) {
            encoder.accept(signal, 0, signal.length);
            encoder.finish();
        }
        assertTrue(java.util.Arrays.equals(signal, samples(FfmpegDecoder.decode(encoded.toByteArray(), 22_050))));
    }

    @ParameterizedTest
    @CsvSource({"FLAC", "OPUS", "AAC", "MP3"})
    void aBrokenOutputEndsTheStreamWithItsOwnException(AudioFormat format) {
        IOException gone = new IOException("client went away");
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw gone;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw gone;
            }
        };
        short[] signal = toneBursts(22_050);
        IOException thrown = assertThrows(IOException.class, () -> {
            try (AudioEncoder encoder = format.encoder(broken, 22_050)) {
                for (int i = 0; i < 20; i++) {
                    encoder.accept(signal, 0, signal.length);
                }
                encoder.finish();
            }
        });
        assertEquals("client went away", thrown.getMessage(), format + ": " + thrown);
    }

    @Test
    void anEncoderGivenUpHalfWayLeavesNoProcessBehind() throws Exception {
        long before = ProcessHandle.current().children().count();
        for (int i = 0; i < 5; i++) {
            AudioEncoder encoder = AudioFormat.AAC.encoder(new ByteArrayOutputStream(), 22_050);
            encoder.accept(toneBursts(22_050), 0, 22_050);
            encoder.close();
        }
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            child.onExit().get();
        }
        assertEquals(before, ProcessHandle.current().children().count());
    }

    @Test
    void aMissingLibraryLeavesItsFormatUnavailable() {
        interface Missing extends Library {
        }
        assertFalse(SystemLibrary.load(Missing.class, "test", "orator-no-such-codec", "liborator-no-such-codec.so.1")
                .isPresent());
    }

    /** Half a second of 440 Hz and 1 kHz at a speaking level, then half a second of silence, repeated. */
    private static short[] toneBursts(int rate) {
        short[] signal = new short[rate * SECONDS];
        for (int i = 0; i < signal.length; i++) {
            boolean on = (i / (rate / 2)) % 2 == 0;
            double t = (double) i / rate;
            signal[i] = on ? (short) (6_000 * Math.sin(2 * Math.PI * 440 * t) + 3_000 * Math.sin(2 * Math.PI * 1_000 * t)) : 0;
        }
        return signal;
    }

    private static short[] samples(byte[] littleEndian) {
        short[] samples = new short[littleEndian.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((littleEndian[2 * i] & 0xff) | littleEndian[2 * i + 1] << 8);
        }
        return samples;
    }

    private static double rms(short[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }
}
