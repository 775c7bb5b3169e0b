package io.orator.testing;

import io.orator.voices.PcmSink;

import java.util.Arrays;

/** A sink that keeps all the PCM it receives, and the measurements the tests make on it. */
public final class RecordedPcm implements PcmSink {

    private short[] samples = new short[0];
    private int length;

    @Override
    public void accept(short[] chunk, int offset, int count) {
        if (length + count > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(2 * samples.length, length + count));
        }
        System.arraycopy(chunk, offset, samples, length, count);
        length += count;
    }

    /** Samples received so far. */
    public int length() {
        return length;
    }

    public short[] samples() {
        return Arrays.copyOf(samples, length);
    }

    public double seconds(int sampleRate) {
        return (double) length / sampleRate;
    }

    public double rms() {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return length == 0 ? 0 : Math.sqrt(sum / length);
    }

    /**
     * Long-term average spectrum in 24 logarithmic bands from 80 Hz to 8 kHz, in dB relative to
     * the total: a voice's timbre, independent of loudness.
     */
    public double[] bandLevels(int sampleRate) {
        int n = 1024;
        int bands = 24;
        double[] power = new double[n / 2];
        double[] re = new double[n];
        double[] im = new double[n];
        for (int start = 0; start + n <= length; start += n / 2) {
            for (int i = 0; i < n; i++) {
                double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
                re[i] = samples[start + i] * hann;
                im[i] = 0;
            }
            fft(re, im);
            for (int k = 0; k < n / 2; k++) {
                power[k] += re[k] * re[k] + im[k] * im[k];
            }
        }
        double[] levels = new double[bands];
        double total = 0;
        for (int k = 0; k < n / 2; k++) {
            double hz = (double) k * sampleRate / n;
            int band = (int) Math.floor(bands * Math.log(hz / 80) / Math.log(8000.0 / 80));
            if (band >= 0 && band < bands) {
                levels[band] += power[k];
                total += power[k];
            }
        }
        for (int b = 0; b < bands; b++) {
            levels[b] = 10 * Math.log10(Math.max(levels[b], 1e-9) / total);
        }
        return levels;
    }

    /** Mean absolute difference of two voices' band levels, in dB. */
    public static double timbreDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    /** In-place radix-2 FFT; {@code re.length} must be a power of two. */
    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int size = 2; size <= n; size <<= 1) {
            double angle = -2 * Math.PI / size;
            for (int start = 0; start < n; start += size) {
                for (int k = 0; k < size / 2; k++) {
                    double wr = Math.cos(angle * k);
                    double wi = Math.sin(angle * k);
                    int a = start + k;
                    int b = a + size / 2;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr; im[b] = im[a] - xi;
                    re[a] += xr; im[a] += xi;
                }
            }
        }
    }
}
