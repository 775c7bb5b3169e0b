package io.orator.synthesis;

import io.orator.voices.PcmSink;

import java.io.IOException;
import java.util.Arrays;

/**
 * Converts a PCM stream from one sample rate to another on its way to a {@link PcmSink}, so
 * voices with different native rates can share one file. Uses a Hann-windowed sinc filter,
 * low-passed below the lower Nyquist frequency when downsampling; passes samples straight
 * through when the rates match. Call {@link #flush()} after each chunk: it emits the tail the
 * filter was waiting on and makes the resampler ready for the next, independent chunk.
 */
public final class Resampler implements PcmSink {

    /** Filter half-width in input samples: 16 gives a clean passband at modest cost. */
    private static final int HALF_WIDTH = 16;
    private static final int TAPS = 2 * HALF_WIDTH;
    /** Phases beyond this are rounded to the nearest one: an error far below 16-bit noise. */
    private static final int MAX_PHASES = 1024;
    /** Keeps the transition band just inside the new Nyquist frequency. */
    private static final double ROLLOFF = 0.95;
    private static final int OUT_BUFFER = 4096;

    private final int fromRate;
    private final int toRate;
    private final PcmSink target;
    private final int phases;
    private final float[][] kernels;
    private final short[] out = new short[OUT_BUFFER];
    private int outCount;

    /** Input samples not yet behind the filter window; {@code pending[0]} has absolute index {@code base}. */
    private short[] pending = new short[8192];
    private int pendingCount;
    private long base;
    private long received;
    /** Index of the next output sample within the current chunk. */
    private long produced;

    public Resampler(int fromRate, int toRate, PcmSink target) {
        if (fromRate < 1 || toRate < 1) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        this.target = target;
        if (fromRate == toRate) {
            this.phases = 0;
            this.kernels = null;
        } else {
            int gcd = gcd(fromRate, toRate);
            this.phases = Math.min(toRate / gcd, MAX_PHASES);
            this.kernels = kernels(phases, Math.min(1.0, (double) toRate / fromRate) * ROLLOFF);
        }
    }

    public boolean isIdentity() {
        return fromRate == toRate;
    }

    /** How many samples {@code inputSamples} at the source rate become at the target rate. */
    public long outputLength(long inputSamples) {
        return isIdentity() ? inputSamples : ceilDiv(inputSamples * toRate, fromRate);
    }

    @Override
    public void accept(short[] samples, int offset, int length) throws IOException {
        if (isIdentity()) {
            target.accept(samples, offset, length);
            return;
        }
        append(samples, offset, length);
        produce(false);
    }

    /** Emits the rest of the current chunk (zero-padding the filter) and starts afresh. */
    public void flush() throws IOException {
        if (isIdentity()) {
            return;
        }
        produce(true);
        emit();
        pendingCount = 0;
        base = 0;
        received = 0;
        produced = 0;
    }

    private void produce(boolean draining) throws IOException {
        long total = outputLength(received);
        while (produced < total) {
            long position = produced * fromRate;
            long center = position / toRate;
            if (!draining && center + HALF_WIDTH >= received) {
                break;
            }
            double fraction = (double) (position % toRate) / toRate;
            int phase = (int) Math.round(fraction * phases);
            out[outCount++] = filter(center, kernels[phase]);
            if (outCount == out.length) {
                emit();
            }
            produced++;
        }
        discardBefore(produced * fromRate / toRate - HALF_WIDTH + 1);
    }

    /** Applies one phase's kernel around input sample {@code center}; samples outside the chunk are silence. */
    private short filter(long center, float[] kernel) {
        double sum = 0;
        long first = center - HALF_WIDTH + 1;
        for (int k = 0; k < TAPS; k++) {
            long index = first + k;
            if (index >= base && index < received) {
                sum += kernel[k] * pending[(int) (index - base)];
            }
        }
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
    }

    private void append(short[] samples, int offset, int length) {
        if (pendingCount + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingCount + length));
        }
        System.arraycopy(samples, offset, pending, pendingCount, length);
        pendingCount += length;
        received += length;
    }

    private void discardBefore(long index) {
        int drop = (int) Math.min(pendingCount, Math.max(0, index - base));
        if (drop > 0) {
            System.arraycopy(pending, drop, pending, 0, pendingCount - drop);
            pendingCount -= drop;
            base += drop;
        }
    }

    private void emit() throws IOException {
        if (outCount > 0) {
            target.accept(out, 0, outCount);
            outCount = 0;
        }
    }

    /**
     * One kernel per phase (plus the phase equal to a whole sample, so rounding up needs no
     * special case), each normalized to unit gain so silence stays silent and DC stays DC.
     */
    private static float[][] kernels(int phases, double cutoff) {
        float[][] kernels = new float[phases + 1][TAPS];
        for (int p = 0; p <= phases; p++) {
            double fraction = (double) p / phases;
            double sum = 0;
            double[] taps = new double[TAPS];
            for (int k = 0; k < TAPS; k++) {
                double distance = (k - HALF_WIDTH + 1) - fraction;
                double x = Math.PI * cutoff * distance;
                double sinc = x == 0 ? 1 : Math.sin(x) / x;
                double window = 0.5 * (1 + Math.cos(Math.PI * distance / HALF_WIDTH));
                taps[k] = Math.abs(distance) >= HALF_WIDTH ? 0 : sinc * window;
                sum += taps[k];
            }
            for (int k = 0; k < TAPS; k++) {
                kernels[p][k] = (float) (taps[k] / sum);
            }
        }
        return kernels;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
