package io.orator.synthesis;

/** Thrown at a checkpoint to stop a job between chunks; the partial audio is discarded. */
public class SynthesisStopped extends RuntimeException {

    public enum Reason {
        /** A user cancelled the job. */
        CANCELLED,
        /** The job ran past its deadline. */
        TIMED_OUT,
        /** The job is no longer this node's (deleted, or recovered by another node). */
        LOST,
        /** The node is draining: the job goes back to the queue, to continue after its last kept segment. */
        HANDED_BACK
    }

    private final Reason reason;

    public SynthesisStopped(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
