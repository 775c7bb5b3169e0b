package io.orator.synthesis.loudness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.synthesis.WavWriter;
import io.orator.testing.Ebur128;
import io.orator.testing.RecordedPcm;
import io.orator.voices.Voice;
import io.orator.voices.espeak.EspeakEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoudnessMeterTest {

    @TempDir
    Path dir;

    @Test
    void aSineAtMinus20DbfsReadsMinus23LufsAtAnyRate() {
        // BS.1770: a 997 Hz sine at 0 dBFS in one channel reads −3.01 LUFS.
        for (int rate : new int[] {16000, 22050, 24000, 44100, 48000}) {
            LoudnessMeter meter = new LoudnessMeter(rate);
            short[] sine = sine(rate, 997, 0.1, 5);
            meter.accept(sine, 0, sine.length);
            assertEquals(-23.01, meter.integrated(), 0.1, "at " + rate + " Hz");
        }
    }

    @Test
    void silenceAndQuietStretchesAreGatedOut() {
        int rate = 22050;
        LoudnessMeter meter = new LoudnessMeter(rate);
        short[] loud = sine(rate, 997, 0.1, 3);
        short[] quiet = sine(rate, 997, 0.001, 3);  // −63 LUFS: 40 LU below, under the relative gate
        short[] silence = new short[rate * 3];
        meter.accept(loud, 0, loud.length);
        meter.accept(silence, 0, silence.length);
        meter.accept(quiet, 0, quiet.length);
        meter.accept(loud, 0, loud.length);

        // Blocks that straddle an edge between tone and silence count, as BS.1770 has it: a little lower.
        assertEquals(-23.01, meter.integrated(), 0.3);
        assertEquals(LoudnessMeter.SILENCE, new LoudnessMeter(rate).integrated());
    }

    @Test
    void speechReadsAsFfmpegsEbur128ReadsIt() throws Exception {
        EspeakEngine espeak = new EspeakEngine(dir.resolve("espeak"));
        try {
            Voice voice = espeak.voices().stream().filter(v -> v.id().equals("en-us-m7")).findFirst().orElseThrow();
            RecordedPcm pcm = new RecordedPcm();
            espeak.synthesize(voice, "The lighthouse keeper climbed the spiral stairs every evening at dusk,"
                    + " counting the steps as his father had taught him.", 1.0, pcm);
            LoudnessMeter meter = new LoudnessMeter(espeak.sampleRate());
            meter.accept(pcm.samples(), 0, pcm.length());
            Path wav = dir.resolve("speech.wav");
            try (WavWriter writer = WavWriter.create(dir.resolve("speech.part"), espeak.sampleRate())) {
                writer.accept(pcm.samples(), 0, pcm.length());
                writer.finish(wav);
            }

            double ffmpeg = Ebur128.integrated(wav);
            assertTrue(Math.abs(meter.integrated() - ffmpeg) <= 0.2, "Orator " + meter.integrated() + " LUFS, ffmpeg " + ffmpeg);
        } finally {
            espeak.close();
        }
    }

    static short[] sine(int rate, double frequency, double amplitude, int seconds) {
        short[] samples = new short[rate * seconds];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return samples;
    }
}
