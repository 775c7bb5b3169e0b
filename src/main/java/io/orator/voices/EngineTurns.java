package io.orator.voices;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who speaks next on the one inference engine. Every chunk, of a job or of a speech request, is
 * one turn; a turn never interrupts another, and a waiting speech request goes before the next
 * chunk of a job. A request for a sentence or two therefore waits at most for the chunk the
 * running job is speaking, never for the whole job, and the job goes on after it; one model
 * stays in memory and one chunk runs at a time, as before.
 */
@ApplicationScoped
public class EngineTurns {

    /** Whose turn: an interactive request goes ahead of every waiting job chunk. */
    public enum Priority { JOB, INTERACTIVE }

    /** One turn's work. */
    @FunctionalInterface
    public interface Turn<T, X extends Exception> {
        T run() throws X;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition free = lock.newCondition();
    private boolean speaking;
    private int interactiveWaiting;
    private int jobsWaiting;
    private long turnsTaken;

    /** Waits for the engine, runs {@code turn} alone on it and hands it on. */
    public <T, X extends Exception> T take(Priority priority, Turn<T, X> turn) throws X {
        acquire(priority);
        try {
            return turn.run();
        } finally {
            release();
        }
    }

    /** Turns taken so far, of both kinds. */
    public long turnsTaken() {
        lock.lock();
        try {
            return turnsTaken;
        } finally {
            lock.unlock();
        }
    }

    /** Turns waiting for the engine now. */
    public int waiting() {
        lock.lock();
        try {
            return interactiveWaiting + jobsWaiting;
        } finally {
            lock.unlock();
        }
    }

    private void acquire(Priority priority) {
        lock.lock();
        try {
            if (priority == Priority.INTERACTIVE) {
                interactiveWaiting++;
                try {
                    while (speaking) {
                        free.awaitUninterruptibly();
                    }
                } finally {
                    interactiveWaiting--;
                }
            } else {
                jobsWaiting++;
                try {
                    while (speaking || interactiveWaiting > 0) {
                        free.awaitUninterruptibly();
                    }
                } finally {
                    jobsWaiting--;
                }
            }
            speaking = true;
            turnsTaken++;
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        lock.lock();
        try {
            speaking = false;
            free.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
