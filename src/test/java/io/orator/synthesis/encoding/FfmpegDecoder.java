package io.orator.synthesis.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes audio with Debian's ffmpeg, whose flac, opus and aac decoders are its own code, not the
 * libraries Orator encodes with; tests compare what comes out with what went in.
 */
public final class FfmpegDecoder {

    private FfmpegDecoder() {
    }

    /** {@code audio} as 16-bit little-endian mono samples at {@code rate}. */
    public static byte[] decode(byte[] audio, int rate) throws Exception {
        Path in = Files.createTempFile("audio", ".encoded");
        try {
            Files.write(in, audio);
            Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-i",
                    in.toString(), "-f", "s16le", "-ar", String.valueOf(rate), "-ac", "1", "pipe:1")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] raw = ffmpeg.getInputStream().readAllBytes();
            assertEquals(0, ffmpeg.waitFor(), "ffmpeg decodes the audio (install Debian's ffmpeg)");
            return raw;
        } finally {
            Files.deleteIfExists(in);
        }
    }

    /** What ffmpeg says the container and codec are: {@code ogg/opus}, {@code aac/aac}, {@code flac/flac}. */
    public static String probe(byte[] audio) throws Exception {
        Path in = Files.createTempFile("audio", ".encoded");
        try {
            Files.write(in, audio);
            Process ffprobe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries",
                    "format=format_name:stream=codec_name", "-of", "default=noprint_wrappers=1:nokey=1", in.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] lines = new String(ffprobe.getInputStream().readAllBytes()).trim().split("\\s+");
            assertEquals(0, ffprobe.waitFor(), "ffprobe reads the audio");
            return lines[lines.length - 1] + "/" + lines[0];
        } finally {
            Files.deleteIfExists(in);
        }
    }
}
