package io.orator.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.orator.synthesis.encoding.AudioFormat;
import io.orator.synthesis.encoding.EncodingOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodingOutputStreamTest {

    @Test
    void samplesSplitAcrossWritesArriveWhole() throws IOException {
        byte[] pcm = new byte[50_001 * 2];
        new Random(7).nextBytes(pcm);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (EncodingOutputStream out = new EncodingOutputStream(AudioFormat.PCM.encoder(encoded, 22_050))) {
            Random sizes = new Random(11);
            for (int at = 0; at < pcm.length; ) {
                int n = Math.min(pcm.length - at, 1 + sizes.nextInt(40_000));
                out.write(pcm, at, n);
                at += n;
            }
        }
        assertArrayEquals(pcm, encoded.toByteArray(), "raw pcm out is the bytes in, whatever the write sizes");
    }
}
