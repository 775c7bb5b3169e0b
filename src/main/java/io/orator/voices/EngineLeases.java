package io.orator.voices;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the engines open while jobs speak, and runs reloads only between jobs: at once when no
 * job holds a lease, otherwise as soon as the last lease closes. New leases wait for a reload
 * under way. Counts jobs and reloads for maintenance decisions and meters.
 */
public final class EngineLeases {

    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();
    private final AtomicBoolean reloadPending = new AtomicBoolean();
    private final AtomicLong jobsSinceReload = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private final Runnable reload;

    /** @param reload what a reload does; runs with no lease open */
    EngineLeases(Runnable reload) {
        this.reload = reload;
    }

    /** Keeps the engines open until closed; a job holds one from its first voice lookup to its last chunk. */
    public Lease lease() {
        inUse.readLock().lock();
        return new Lease();
    }

    /**
     * Asks for a reload: now when no job holds a lease, otherwise when the last one closes.
     *
     * @return true when the reload ran now, false when it waits for the running job
     */
    boolean requestReload() {
        reloadPending.set(true);
        return reloadIfIdle();
    }

    boolean isReloadPending() {
        return reloadPending.get();
    }

    long jobsSinceReload() {
        return jobsSinceReload.get();
    }

    long reloads() {
        return reloads.get();
    }

    private boolean reloadIfIdle() {
        if (!inUse.writeLock().tryLock()) {
            return false;
        }
        try {
            if (reloadPending.get()) {
                reload.run();
                jobsSinceReload.set(0);
                reloads.incrementAndGet();
            }
            // Cleared only now: whoever sees no reload pending also sees its result. Requests
            // made while this one ran are served by it.
            reloadPending.set(false);
            return true;
        } finally {
            inUse.writeLock().unlock();
        }
    }

    /** The engines in use by one job. */
    public final class Lease implements AutoCloseable {

        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease() {
        }

        @Override
        public void close() {
            if (closed.getAndSet(true)) {
                return;
            }
            inUse.readLock().unlock();
            jobsSinceReload.incrementAndGet();
            if (reloadPending.get()) {
                reloadIfIdle();
            }
        }
    }
}
