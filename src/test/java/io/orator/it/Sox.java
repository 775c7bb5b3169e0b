package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

/** Decodes audio with sox (Debian's sox and libsox-fmt-mp3), a decoder that owes nothing to Orator's encoders. */
final class Sox {

    private Sox() {
    }

    /** {@code audio} of {@code type} (mp3, wav, …) as 16-bit little-endian mono samples at {@code rate}. */
    static byte[] decode(byte[] audio, String type, int rate) throws Exception {
        Path in = Files.createTempFile("audio", "." + type);
        try {
            Files.write(in, audio);
            Process sox = new ProcessBuilder("sox", in.toString(), "-t", "raw", "-r", String.valueOf(rate), "-e", "signed",
                    "-b", "16", "-c", "1", "-L", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] raw = sox.getInputStream().readAllBytes();
            assertEquals(0, sox.waitFor(), "sox decodes " + type + " (install sox and libsox-fmt-mp3)");
            return raw;
        } finally {
            Files.deleteIfExists(in);
        }
    }
}
