package io.orator.synthesis.loudness;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Integrated loudness of 16-bit mono audio per ITU-R BS.1770-4 (EBU R 128), fed as it is
 * produced: K-weighting (a high shelf and a high-pass, derived for any sample rate), mean square
 * over 400 ms blocks every 100 ms, an absolute gate at −70 LUFS and a relative gate 10 LU below
 * the absolute-gated loudness. Blocks are kept as a histogram of 0.1 LU bins (energy sum and count
 * per bin), so memory is constant whatever the audio's length; the relative gate falls inside
 * one bin, an error well under 0.1 LU for speech.
 */
public final class LoudnessMeter {

    /** Loudness of silence: no block above the absolute gate. */
    public static final double SILENCE = Double.NEGATIVE_INFINITY;

    private static final double ABSOLUTE_GATE = -70.0;
    private static final double RELATIVE_GATE = -10.0;
    private static final double OFFSET = -0.691;
    private static final double BIN_WIDTH = 0.1;
    private static final double TOP = 10.0;
    private static final int BINS = (int) Math.round((TOP - ABSOLUTE_GATE) / BIN_WIDTH);
    private static final int SUB_BLOCKS_PER_BLOCK = 4;
    private static final int STATE_VERSION = 1;

    // K-weighting: two biquads in direct form I, as BS.1770 gives them at 48 kHz, re-derived for this rate.
    private final double[] shelfB = new double[3];
    private final double[] shelfA = new double[3];
    private final double[] passA = new double[3];
    private double sx1, sx2, sy1, sy2;
    private double px1, px2, py1, py2;

    private final int subBlockSamples;
    private final double[] recentSubBlocks = new double[SUB_BLOCKS_PER_BLOCK];
    private int subBlocks;
    private double subBlockSum;
    private int subBlockFill;

    private final double[] binEnergy = new double[BINS];
    private final long[] binCount = new long[BINS];

    public LoudnessMeter(int sampleRate) {
        if (sampleRate < 1) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        subBlockSamples = Math.max(1, sampleRate / 10);
        double f0 = 1681.974450955533;
        double gain = 3.999843853973347;
        double q = 0.7071752369554196;
        double k = Math.tan(Math.PI * f0 / sampleRate);
        double vh = Math.pow(10.0, gain / 20.0);
        double vb = Math.pow(vh, 0.4996667741545416);
        double a0 = 1.0 + k / q + k * k;
        shelfB[0] = (vh + vb * k / q + k * k) / a0;
        shelfB[1] = 2.0 * (k * k - vh) / a0;
        shelfB[2] = (vh - vb * k / q + k * k) / a0;
        shelfA[0] = 1.0;
        shelfA[1] = 2.0 * (k * k - 1.0) / a0;
        shelfA[2] = (1.0 - k / q + k * k) / a0;
        f0 = 38.13547087602444;
        q = 0.5003270373238773;
        k = Math.tan(Math.PI * f0 / sampleRate);
        a0 = 1.0 + k / q + k * k;
        passA[0] = 1.0;
        passA[1] = 2.0 * (k * k - 1.0) / a0;
        passA[2] = (1.0 - k / q + k * k) / a0;
    }

    public void accept(short[] samples, int offset, int length) {
        // The filters' state in locals for the loop: fields written every sample would not stay in registers.
        final double b0 = shelfB[0], b1 = shelfB[1], b2 = shelfB[2], a1 = shelfA[1], a2 = shelfA[2];
        final double c1 = passA[1], c2 = passA[2];
        double x1 = sx1, x2 = sx2, y1 = sy1, y2 = sy2;
        double u1 = px1, u2 = px2, v1 = py1, v2 = py2;
        double sum = subBlockSum;
        int fill = subBlockFill;
        for (int i = offset, end = offset + length; i < end; i++) {
            double x = samples[i] * (1.0 / 32768.0);
            double shelved = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = shelved;
            // The high-pass's numerator is 1, -2, 1.
            double weighted = shelved - 2.0 * u1 + u2 - c1 * v1 - c2 * v2;
            u2 = u1;
            u1 = shelved;
            v2 = v1;
            v1 = weighted;
            sum += weighted * weighted;
            if (++fill == subBlockSamples) {
                subBlockSum = sum;
                endSubBlock();
                sum = 0;
                fill = 0;
            }
        }
        sx1 = x1;
        sx2 = x2;
        sy1 = y1;
        sy2 = y2;
        px1 = u1;
        px2 = u2;
        py1 = v1;
        py2 = v2;
        subBlockSum = sum;
        subBlockFill = fill;
    }

    /** Every 100 ms: the 400 ms block ending here, once four sub-blocks have been seen. */
    private void endSubBlock() {
        recentSubBlocks[subBlocks % SUB_BLOCKS_PER_BLOCK] = subBlockSum / subBlockSamples;
        subBlocks++;
        subBlockSum = 0;
        subBlockFill = 0;
        if (subBlocks < SUB_BLOCKS_PER_BLOCK) {
            return;
        }
        double energy = 0;
        for (double subBlock : recentSubBlocks) {
            energy += subBlock;
        }
        energy /= SUB_BLOCKS_PER_BLOCK;
        double loudness = loudness(energy);
        if (loudness <= ABSOLUTE_GATE) {
            return;
        }
        int bin = (int) Math.min(BINS - 1, Math.floor((loudness - ABSOLUTE_GATE) / BIN_WIDTH));
        binEnergy[bin] += energy;
        binCount[bin]++;
    }

    /** The integrated loudness in LUFS of everything so far; {@link #SILENCE} when no block passed the gates. */
    public double integrated() {
        double absoluteGated = gatedLoudness(0);
        if (absoluteGated == SILENCE) {
            return SILENCE;
        }
        int relativeBin = (int) Math.max(0, Math.floor((absoluteGated + RELATIVE_GATE - ABSOLUTE_GATE) / BIN_WIDTH));
        return gatedLoudness(relativeBin);
    }

    private double gatedLoudness(int fromBin) {
        double energy = 0;
        long blocks = 0;
        for (int bin = fromBin; bin < BINS; bin++) {
            energy += binEnergy[bin];
            blocks += binCount[bin];
        }
        return blocks == 0 ? SILENCE : loudness(energy / blocks);
    }

    private static double loudness(double meanSquare) {
        return meanSquare <= 0 ? SILENCE : OFFSET + 10.0 * Math.log10(meanSquare);
    }

    /**
     * Everything the meter has heard, as bytes: a job that continues after an interruption
     * restores its speakers' meters and levels the rest exactly as one uninterrupted run would.
     * The non-empty bins only: a few hundred at most.
     */
    public byte[] state() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(STATE_VERSION);
            out.writeInt(subBlockSamples);
            for (double v : new double[] {sx1, sx2, sy1, sy2, px1, px2, py1, py2}) {
                out.writeDouble(v);
            }
            for (double v : recentSubBlocks) {
                out.writeDouble(v);
            }
            out.writeInt(subBlocks);
            out.writeDouble(subBlockSum);
            out.writeInt(subBlockFill);
            int used = 0;
            for (long count : binCount) {
                used += count > 0 ? 1 : 0;
            }
            out.writeInt(used);
            for (int bin = 0; bin < BINS; bin++) {
                if (binCount[bin] > 0) {
                    out.writeShort(bin);
                    out.writeDouble(binEnergy[bin]);
                    out.writeLong(binCount[bin]);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A meter at {@code sampleRate} that has heard what the meter that gave {@code state} had.
     *
     * @throws IllegalArgumentException when the state is not one of this version or rate
     */
    public static LoudnessMeter restore(int sampleRate, byte[] state) {
        LoudnessMeter meter = new LoudnessMeter(sampleRate);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (in.readInt() != STATE_VERSION || in.readInt() != meter.subBlockSamples) {
                throw new IllegalArgumentException("a loudness meter state of another version or sample rate");
            }
            meter.sx1 = in.readDouble();
            meter.sx2 = in.readDouble();
            meter.sy1 = in.readDouble();
            meter.sy2 = in.readDouble();
            meter.px1 = in.readDouble();
            meter.px2 = in.readDouble();
            meter.py1 = in.readDouble();
            meter.py2 = in.readDouble();
            for (int i = 0; i < SUB_BLOCKS_PER_BLOCK; i++) {
                meter.recentSubBlocks[i] = in.readDouble();
            }
            meter.subBlocks = in.readInt();
            meter.subBlockSum = in.readDouble();
            meter.subBlockFill = in.readInt();
            int used = in.readInt();
            for (int i = 0; i < used; i++) {
                int bin = in.readShort();
                meter.binEnergy[bin] = in.readDouble();
                meter.binCount[bin] = in.readLong();
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("a loudness meter state with bytes left over");
            }
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a loudness meter state: " + e.getMessage(), e);
        }
        return meter;
    }
}
