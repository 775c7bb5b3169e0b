package io.orator.voices.piper;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * The one thread every model call runs on: loading, warm-up, inference and closing, for every
 * model of the engines that share it, whichever thread asked for the call.
 *
 * <p>Why: the native runtimes keep state per calling thread. libgomp gives each thread that
 * starts a parallel region a team of worker threads of its own, ideep keeps its computation cache
 * per thread, and glibc hands each thread an arena. A model called from the thread that loaded
 * it, then from either of the synthesis executor's threads, then from the request threads of the
 * speech endpoint builds a copy of all that for each: native memory grows with the number of
 * threads that ever called, not with the work (60 KB a call with a new thread per call, flat on
 * one thread; docs/performance.md, <em>Native memory follows the calling thread</em>). Chunks are
 * spoken one at a time anyway ({@code EngineTurns}), so one thread costs no parallelism.
 *
 * <p>A call waits for its work to finish even when the calling thread is interrupted, as the
 * native call it wraps would (a running inference cannot be stopped), and keeps the interrupt.
 */
public final class InferenceThread implements AutoCloseable {

    /** One call's work: whatever it throws reaches the caller as it was thrown. */
    @FunctionalInterface
    public interface Work<T, X extends Exception> {
        T run() throws X;
    }

    private final ExecutorService thread;
    private volatile Thread current;

    /** A thread from {@code threads}, started by the first call and kept until {@link #close()}. */
    public InferenceThread(ThreadFactory threads) {
        this.thread = Executors.newSingleThreadExecutor(work -> {
            Thread started = threads.newThread(() -> {
                current = Thread.currentThread();
                work.run();
            });
            started.setDaemon(true);
            return started;
        });
    }

    /** A plain daemon thread named {@code name}, for use outside the application server. */
    public static InferenceThread named(String name) {
        return new InferenceThread(work -> new Thread(work, name));
    }

    /**
     * Runs {@code work} on this thread and returns its result; on this thread itself it runs
     * in place.
     *
     * @throws X                        what {@code work} threw
     * @throws IllegalStateException    when this thread has been closed
     */
    @SuppressWarnings("unchecked")
    public <T, X extends Exception> T call(Work<T, X> work) throws X {
        if (isCurrent()) {
            return work.run();
        }
        Future<T> result;
        try {
            result = thread.submit(work::run);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the inference thread is closed", e);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw (X) cause; // Work.run declares nothing else
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the calling thread is this one. */
    public boolean isCurrent() {
        return Thread.currentThread() == current;
    }

    /** Lets a call already submitted finish, then ends the thread; later calls fail. */
    @Override
    public void close() {
        thread.shutdown();
    }
}
