package io.orator.synthesis.loudness;

import io.orator.voices.PcmSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Levels a job's speakers to one integrated loudness. The first pass is the synthesis itself:
 * each speaker's audio is metered as it is written ({@link #meter}), and the stretches of the file
 * each speaker holds are noted. The second pass ({@link #gains}) is one gain per speaker, applied
 * over the file on disk a block at a time: memory is four meters and a stretch per chunk,
 * whatever the job's length.
 * <p>
 * Raising a speaker can push its peaks past full scale; the second pass limits them to
 * −1 dBFS ({@link PeakLimiter}), so the speaker reaches the target without clipping.
 */
public final class SpeakerLevels {

    /** The highest sample a raised speaker may reach: −1 dBFS. */
    public static final double PEAK_CEILING = 32767 * Math.pow(10, -1 / 20.0);

    private final double targetLufs;
    private final int sampleRate;
    private final Map<Integer, LoudnessMeter> meters = new HashMap<>();
    private final List<long[]> stretches = new ArrayList<>();

    /** One speaker's stretch of the file and the gain it gets. */
    public record Gain(long fromSample, long toSample, double factor) {
    }

    /** What levelling did to one speaker. */
    public record Levelled(int speaker, double measuredLufs, double gainDb) {
    }

    public SpeakerLevels(double targetLufs, int sampleRate) {
        this.targetLufs = targetLufs;
        this.sampleRate = sampleRate;
    }

    /** Passes {@code speaker}'s audio on to {@code target}, metering it on the way. */
    public PcmSink meter(int speaker, PcmSink target) {
        LoudnessMeter meter = meters.computeIfAbsent(speaker, s -> new LoudnessMeter(sampleRate));
        return (samples, offset, length) -> {
            meter.accept(samples, offset, length);
            target.accept(samples, offset, length);
        };
    }

    /** {@code speaker} holds samples {@code [from, to)} of the file. */
    public void spoke(int speaker, long fromSample, long toSample) {
        if (toSample <= fromSample) {
            return;
        }
        long[] last = stretches.isEmpty() ? null : stretches.get(stretches.size() - 1);
        if (last != null && last[2] == speaker && last[1] <= fromSample) {
            last[1] = toSample;  // the same speaker's next chunk: one stretch, pauses included
        } else {
            stretches.add(new long[] {fromSample, toSample, speaker});
        }
    }

    /** Each speaker's measurement and gain; a silent speaker keeps its level. */
    public List<Levelled> levels() {
        List<Levelled> levels = new ArrayList<>();
        meters.forEach((speaker, meter) -> {
            double measured = meter.integrated();
            levels.add(new Levelled(speaker, measured, measured == LoudnessMeter.SILENCE ? 0 : targetLufs - measured));
        });
        levels.sort((a, b) -> Integer.compare(a.speaker(), b.speaker()));
        return levels;
    }

    /** The gain of every stretch of the file, in order. */
    public List<Gain> gains(List<Levelled> levels) {
        Map<Integer, Double> factor = new HashMap<>();
        levels.forEach(level -> factor.put(level.speaker(), Math.pow(10, level.gainDb() / 20)));
        List<Gain> gains = new ArrayList<>(stretches.size());
        for (long[] stretch : stretches) {
            gains.add(new Gain(stretch[0], stretch[1], factor.getOrDefault((int) stretch[2], 1.0)));
        }
        return gains;
    }
}
