package io.orator.synthesis;

import io.orator.synthesis.loudness.SpeakerLevels;
import io.orator.voices.PcmSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * Writes a job's audio levelled ({@link SpeakerLevels}), each chunk metered, limited and written
 * on a second thread while the engine speaks the next one: levelling costs tens of nanoseconds a
 * sample, a sizeable share of espeak-ng's own time, and a second core hides it. Two chunk buffers
 * take turns (one filled by the engine, one being written), so memory is two chunks' audio.
 * Pauses are written in order, by the write of the chunk after them. Not thread-safe: one job's
 * thread calls it; {@link #close} waits for the chunk in flight, so the file is never closed
 * under it.
 */
final class LevelledWriter implements PcmSink, AutoCloseable {

    private final SpeakerLevels levels;
    private final WavWriter wav;
    private final Executor executor;
    private ChunkAudio filling = new ChunkAudio();
    private ChunkAudio spare = new ChunkAudio();
    private FutureTask<Void> inFlight;
    /** Silence due before the next chunk: written by that chunk's write, or at the end. */
    private long pendingSilence;

    /** @param executor runs the writes; {@code Runnable::run} writes on the caller's thread */
    LevelledWriter(SpeakerLevels levels, WavWriter wav, Executor executor) {
        this.levels = levels;
        this.wav = wav;
        this.executor = executor;
    }

    /** The engine's audio for the chunk being spoken. */
    @Override
    public void accept(short[] samples, int offset, int length) {
        filling.accept(samples, offset, length);
    }

    /**
     * The chunk is complete: it is levelled and written while the caller goes on.
     *
     * @param volumeDb the chunk's own gain over its speaker's level
     * @return its length in samples, as it will be in the file
     */
    int chunkDone(int speaker, double volumeDb) throws IOException {
        awaitWritten();
        ChunkAudio done = filling;
        int length = done.length();
        long silenceBefore = pendingSilence;
        pendingSilence = 0;
        filling = spare;
        spare = done;
        inFlight = new FutureTask<>(() -> {
            wav.writeSilenceSamples(silenceBefore);
            levels.write(speaker, done.samples(), done.length(), volumeDb, wav);
            done.clear();
            return null;
        });
        executor.execute(inFlight);
        return length;
    }

    /** Silence after what was written so far, written behind it without waiting for it. */
    void silence(long samples) {
        pendingSilence += samples;
    }

    /** Waits until everything given so far is in the file, and passes on how a write failed. */
    void finishWriting() throws IOException {
        awaitWritten();
        wav.writeSilenceSamples(pendingSilence);
        pendingSilence = 0;
    }

    /** Each speaker's loudness meter; call {@link #finishWriting} first, so no chunk is being metered. */
    Map<Integer, byte[]> levelsState() {
        return levels.state();
    }

    /** Waits for the chunk in flight, and passes on how its write failed. */
    private void awaitWritten() throws IOException {
        FutureTask<Void> task = inFlight;
        if (task == null) {
            return;
        }
        inFlight = null;
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the audio was written");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            } else if (cause instanceof RuntimeException runtime) {
                throw runtime;
            } else if (cause instanceof Error error) {
                throw error;
            }
            throw new UncheckedIOException(new IOException(cause));
        }
    }

    /** Waits for the chunk in flight, whatever became of it: the job is over either way. */
    @Override
    public void close() {
        FutureTask<Void> task = inFlight;
        inFlight = null;
        if (task == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                task.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
