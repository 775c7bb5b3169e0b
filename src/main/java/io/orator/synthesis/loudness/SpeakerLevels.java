package io.orator.synthesis.loudness;

import io.orator.voices.PcmSink;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Levels a job's speakers to one integrated loudness as the job is written, a chunk at a time,
 * so the audio is written once and never read back. Each speaker has a meter
 * ({@link LoudnessMeter}, per ITU-R BS.1770) that has heard all of that speaker's chunks so far;
 * a chunk is metered, then given the gain that brings the speaker's integrated loudness, this
 * chunk included, to the target, through a look-ahead peak limiter at −1 dBFS
 * ({@link PeakLimiter}): speech is peaky, and raising it must not clip.
 * <p>
 * The gain is learned from the speaker's own audio: the first chunk from itself alone, later
 * ones from everything the speaker said before them, so it settles within a few chunks and
 * changes only between chunks, where pauses are. Memory: four meters and one chunk's audio.
 */
public final class SpeakerLevels {

    /** The highest sample a raised speaker may reach: −1 dBFS. */
    public static final double PEAK_CEILING = 32767 * Math.pow(10, -1 / 20.0);

    private final double targetLufs;
    private final int sampleRate;
    private final Map<Integer, LoudnessMeter> meters = new HashMap<>();
    private short[] levelled = new short[0];

    public SpeakerLevels(double targetLufs, int sampleRate) {
        this.targetLufs = targetLufs;
        this.sampleRate = sampleRate;
    }

    /** Meters one chunk of {@code speaker}'s audio and writes it to {@code out} at the speaker's gain. */
    public void write(int speaker, short[] samples, int length, PcmSink out) throws IOException {
        write(speaker, samples, length, 0, out);
    }

    /**
     * Meters one chunk of {@code speaker}'s audio and writes it to {@code out} at the speaker's
     * gain plus {@code volumeDb}: a chunk asked to be louder or softer ({@code <prosody volume>})
     * is levelled with its speaker and then changed, so the speaker's level does not chase it.
     */
    public void write(int speaker, short[] samples, int length, double volumeDb, PcmSink out) throws IOException {
        LoudnessMeter meter = meters.computeIfAbsent(speaker, s -> new LoudnessMeter(sampleRate));
        meter.accept(samples, 0, length);
        double measured = meter.integrated();
        if (measured == LoudnessMeter.SILENCE && volumeDb == 0) {
            out.accept(samples, 0, length);
            return;
        }
        double levelDb = measured == LoudnessMeter.SILENCE ? 0 : targetLufs - measured;
        PeakLimiter limiter = new PeakLimiter(Math.pow(10, (levelDb + volumeDb) / 20), PEAK_CEILING, sampleRate);
        if (levelled.length < length + limiter.latency()) {
            levelled = new short[length + limiter.latency()];
        }
        out.accept(levelled, 0, limiter.process(samples, 0, length, levelled));
        // The limiter's look-ahead holds the chunk's last samples back; the chunk ends here, so they leave now.
        out.accept(levelled, 0, limiter.flush(levelled));
    }

    /** Each speaker's meter as bytes ({@link LoudnessMeter#state}): where the levelling has got to. */
    public Map<Integer, byte[]> state() {
        Map<Integer, byte[]> state = new TreeMap<>();
        meters.forEach((speaker, meter) -> state.put(speaker, meter.state()));
        return state;
    }

    /** Levels that go on from {@code state}, as if they had heard everything its levels had. */
    public static SpeakerLevels restore(double targetLufs, int sampleRate, Map<Integer, byte[]> state) {
        SpeakerLevels levels = new SpeakerLevels(targetLufs, sampleRate);
        state.forEach((speaker, meter) -> levels.meters.put(speaker, LoudnessMeter.restore(sampleRate, meter)));
        return levels;
    }
}
