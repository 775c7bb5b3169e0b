package io.orator.voices;

/**
 * Lets the caller stop an engine in the middle of a chunk (a cancel, a deadline): an engine
 * calls {@link #check()} while it works, at least every few hundred milliseconds, and lets the
 * exception it throws pass through unchanged once its native state is clean again.
 */
@FunctionalInterface
public interface StopCheck {

    /** For calls nobody stops: warm-ups, tests, benchmarks. */
    StopCheck NEVER = () -> { };

    /** @throws RuntimeException the caller's own, to stop synthesis */
    void check();
}
