package io.orator.synthesis.encoding;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * AAC-LC in ADTS frames (what OpenAI's {@code aac} is), encoded by an {@code ffmpeg} process.
 * There is no maintained AAC encoder on Maven Central, Debian's libfdk-aac is not free software,
 * and libavcodec's API cannot be bound without copying its struct layouts, which change between
 * releases; ffmpeg's command line does not. Samples go to ffmpeg's standard input as they
 * arrive; a thread copies its output to the stream, so neither side waits for the other's end
 * and memory stays bounded by the two pipes. ffmpeg's "fast" AAC coder: bench/EncodeSpeed.java
 * measured 126 times real time with its default (twoloop) and 382 with it, at the same size.
 */
final class AacEncoder implements AudioEncoder {

    private static final int BITRATE_KBPS = 64;
    private static final int STDERR_KEPT = 2_048;

    private final Process ffmpeg;
    private final OutputStream samplesIn;
    /** ffmpeg reads raw 16-bit little-endian samples, OpenAI's pcm. */
    private final AudioEncoder pcm;
    private final Thread copier;
    private final StringBuilder diagnostics = new StringBuilder();
    private volatile IOException copyFailure;

    static boolean available() {
        return Ffmpeg.encodesAac();
    }

    AacEncoder(OutputStream out, int sampleRate) throws IOException {
        ffmpeg = new ProcessBuilder(Ffmpeg.COMMAND, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error",
                "-f", "s16le", "-ar", Integer.toString(sampleRate), "-ac", "1", "-i", "pipe:0",
                "-c:a", "aac", "-aac_coder", "fast", "-b:a", BITRATE_KBPS + "k", "-f", "adts", "pipe:1").start();
        samplesIn = ffmpeg.getOutputStream();
        pcm = AudioEncoder.pcm(samplesIn);
        copier = new Thread(() -> copy(ffmpeg.getInputStream(), out), "orator-aac-" + ffmpeg.pid());
        copier.setDaemon(true);
        copier.start();
    }

    @Override
    public void accept(short[] samples, int offset, int length) throws IOException {
        try {
            pcm.accept(samples, offset, length);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void finish() throws IOException {
        try {
            samplesIn.close();
            copier.join();
            int exit = ffmpeg.waitFor();
            if (copyFailure != null) {
                throw copyFailure;
            }
            if (exit != 0) {
                throw new IOException("ffmpeg could not encode AAC (exit " + exit + "): " + diagnostics());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while ffmpeg finished the AAC stream", e);
        } finally {
            close();
        }
    }

    /** Ends ffmpeg if it still runs: a stream given up half way leaves no process behind. */
    @Override
    public void close() {
        ffmpeg.destroyForcibly();
        try {
            samplesIn.close();
        } catch (IOException ignored) {
            // Its end of the pipe is gone with the process.
        }
    }

    private void copy(InputStream encoded, OutputStream out) {
        byte[] chunk = new byte[8_192];
        try (encoded) {
            int read;
            while ((read = encoded.read(chunk)) >= 0) {
                out.write(chunk, 0, read);
            }
        } catch (IOException e) {
            copyFailure = e;
            // Nobody takes ffmpeg's output any more: stop it, so the writer of samples is not left waiting on a full pipe.
            ffmpeg.destroyForcibly();
        }
        try (InputStream errors = ffmpeg.getErrorStream()) {
            String text = new String(errors.readNBytes(STDERR_KEPT), StandardCharsets.UTF_8).trim();
            synchronized (diagnostics) {
                diagnostics.append(text);
            }
        } catch (IOException ignored) {
            // Diagnostics are a courtesy; the exit status says whether encoding worked.
        }
    }

    private String diagnostics() {
        synchronized (diagnostics) {
            return diagnostics.length() == 0 ? "no message" : diagnostics.toString();
        }
    }

    /** The reason the samples could not be written: the output's failure if that came first, as it usually does. */
    private IOException failure(IOException writing) {
        return copyFailure != null ? copyFailure : writing;
    }

    /** Whether this system's ffmpeg has an AAC encoder, asked once. */
    static final class Ffmpeg {
        static final String COMMAND = "ffmpeg";
        private static volatile Boolean encodesAac;

        private Ffmpeg() {
        }

        static boolean encodesAac() {
            Boolean known = encodesAac;
            if (known == null) {
                known = probe();
                encodesAac = known;
            }
            return known;
        }

        private static boolean probe() {
            try {
                Process probe = new ProcessBuilder(COMMAND, "-hide_banner", "-encoders").redirectErrorStream(true)
                        .start();
                String encoders = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                    probe.destroyForcibly();
                    return false;
                }
                return probe.exitValue() == 0 && encoders.lines().anyMatch(line -> line.matches("\\s*A\\S*\\s+aac\\s.*"));
            } catch (IOException e) {
                java.util.logging.Logger.getLogger(AacEncoder.class.getName()).info(
                        "No ffmpeg on this system's PATH: aac audio is unavailable until it is installed");
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
