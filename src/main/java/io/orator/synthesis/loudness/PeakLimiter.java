package io.orator.synthesis.loudness;

/**
 * A gain followed by a look-ahead peak limiter, for one chunk of a speaker's audio. Speech is
 * peaky (espeak-ng's voices measure about −20 LUFS with peaks near full scale), so raising it to
 * −16 LUFS must hold its few loudest peaks down rather than clip them or give up the target. The
 * limiter sees {@value #LOOKAHEAD_MILLIS} ms ahead, so the gain comes down smoothly before a peak
 * and recovers over {@value #RELEASE_MILLIS} ms after it; its output lags its input by the
 * look-ahead, which {@link #flush} gives back at the end.
 * <p>
 * Memory: the look-ahead's samples, whatever the chunk's length.
 */
public final class PeakLimiter {

    static final int LOOKAHEAD_MILLIS = 5;
    static final int RELEASE_MILLIS = 80;

    private final double gain;
    private final double ceiling;
    private final int lookahead;
    private final double attack;
    private final double release;

    /** The last {@code lookahead + 1} samples after the gain, in a ring. */
    private final double[] delay;
    private long received;
    /** Where the next sample goes in {@link #delay}; the oldest one is there too once the ring is full. */
    private int slot;
    /*
     * The samples over the ceiling in the look-ahead window whose limit is lower than every later
     * one's, oldest first (a monotonic queue: the window's lowest limit is its head; an empty queue
     * means no limit), in two rings. Speech passes the ceiling rarely, so the queue is mostly empty.
     */
    private final long[] minimumIndex;
    private final double[] minimumLimit;
    private int head;
    private int size;
    private double envelope = 1.0;

    /**
     * @param gain       the factor every sample is multiplied by first
     * @param ceiling    the highest magnitude allowed after the gain, of 32,767
     * @param sampleRate for the look-ahead and release times
     */
    public PeakLimiter(double gain, double ceiling, int sampleRate) {
        this.gain = gain;
        this.ceiling = ceiling;
        this.lookahead = Math.max(1, sampleRate * LOOKAHEAD_MILLIS / 1000);
        this.delay = new double[lookahead + 1];
        this.minimumIndex = new long[lookahead + 1];
        this.minimumLimit = new double[lookahead + 1];
        // Close to the limit within the look-ahead (five time constants), back to unity over the release.
        this.attack = 1 - Math.exp(-5.0 / lookahead);
        this.release = 1 - Math.exp(-5.0 / Math.max(1, sampleRate * RELEASE_MILLIS / 1000));
    }

    /** How many samples the output lags the input. */
    public int latency() {
        return lookahead;
    }

    /**
     * Takes {@code length} samples and writes to {@code out} (from 0) the limited samples that
     * leave: as many as go in once the look-ahead is full, fewer at the start.
     *
     * @return how many samples were written to {@code out}
     */
    public int process(short[] in, int offset, int length, short[] out) {
        int written = 0;
        for (int i = offset; i < offset + length; i++) {
            if (push(in[i] * gain)) {
                out[written++] = pop();
            }
        }
        return written;
    }

    /** Rounds to the nearest sample value; the caller keeps {@code value} within ±32,767. */
    private static short round(double value) {
        return (short) (value < 0 ? value - 0.5 : value + 0.5);
    }

    /** The samples still in the look-ahead, as if silence followed; {@code out} holds {@link #latency()}. */
    public int flush(short[] out) {
        int written = 0;
        for (int i = 0; i < lookahead; i++) {
            if (push(0)) {
                out[written++] = pop();
            }
        }
        return written;
    }

    /** Adds a sample; true once the oldest one in the window is due to leave. */
    private boolean push(double sample) {
        long index = received++;
        delay[slot] = sample;
        slot = slot + 1 == delay.length ? 0 : slot + 1;
        double magnitude = Math.abs(sample);
        if (magnitude > ceiling) {
            double limit = ceiling / magnitude;
            int capacity = minimumLimit.length;
            while (size > 0 && minimumLimit[wrap(head + size - 1, capacity)] >= limit) {
                size--;
            }
            int tail = wrap(head + size, capacity);
            minimumIndex[tail] = index;
            minimumLimit[tail] = limit;
            size++;
        }
        long oldest = index - lookahead;
        while (size > 0 && minimumIndex[head] < oldest) {
            head = wrap(head + 1, minimumLimit.length);
            size--;
        }
        return oldest >= 0;
    }

    private static int wrap(int position, int capacity) {
        return position >= capacity ? position - capacity : position;
    }

    /** The sample leaving now, under the smoothed limit of the window ahead of it. */
    private short pop() {
        double wanted = size == 0 ? 1.0 : minimumLimit[head];
        if (wanted != 1.0 || envelope != 1.0) {
            envelope += (wanted - envelope) * (wanted < envelope ? attack : release);
            if (envelope > 0.999_999) {
                envelope = 1.0;
            }
        }
        // The ring is full: the slot the next sample goes to holds the oldest, the one leaving.
        double sample = delay[slot] * envelope;
        // Whatever the smoothing left over the ceiling is a fraction of a decibel: clip it.
        return round(Math.max(-ceiling, Math.min(ceiling, sample)));
    }
}
