package io.orator.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Splits a mono 16-bit WAV into the stretches of sound between long silences (turn pauses). */
final class WavSegments {

    record Segment(int startSample, int endSample, double zeroCrossingRate) {
        int length() {
            return endSample - startSample;
        }
    }

    private WavSegments() {
    }

    static List<Segment> split(Path wav, int sampleRate, int minSilenceMillis) throws IOException {
        byte[] bytes = Files.readAllBytes(wav);
        ByteBuffer data = ByteBuffer.wrap(bytes, 44, bytes.length - 44).order(ByteOrder.LITTLE_ENDIAN);
        short[] pcm = new short[data.remaining() / 2];
        data.asShortBuffer().get(pcm);
        int frame = sampleRate / 50;
        int silentFramesNeeded = minSilenceMillis / 20;
        List<Segment> segments = new ArrayList<>();
        int start = -1;
        int lastLoudEnd = -1;
        int silentRun = 0;
        for (int f = 0; f + frame <= pcm.length; f += frame) {
            double sum = 0;
            for (int i = f; i < f + frame; i++) {
                sum += (double) pcm[i] * pcm[i];
            }
            boolean loud = Math.sqrt(sum / frame) / 32768.0 > 0.01;
            if (loud) {
                if (start < 0) {
                    start = f;
                }
                lastLoudEnd = f + frame;
                silentRun = 0;
            } else if (start >= 0 && ++silentRun >= silentFramesNeeded) {
                segments.add(segment(pcm, start, lastLoudEnd));
                start = -1;
                silentRun = 0;
            }
        }
        if (start >= 0) {
            segments.add(segment(pcm, start, lastLoudEnd));
        }
        return segments;
    }

    private static Segment segment(short[] pcm, int start, int end) {
        int crossings = 0;
        for (int i = start + 1; i < end; i++) {
            if ((pcm[i - 1] < 0) != (pcm[i] < 0)) {
                crossings++;
            }
        }
        return new Segment(start, end, (double) crossings / Math.max(1, end - start));
    }
}
