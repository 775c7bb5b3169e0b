package io.orator.synthesis;

/**
 * How a chunk is spoken beyond its voice and the job's speed.
 *
 * @param rate     speed factor over the job's speed
 * @param pitch    pitch factor, for engines that can change it
 * @param volumeDb gain in decibels applied to the chunk's audio
 * @param language a BCP 47 language, or {@code null} for the voice's own
 */
public record Delivery(double rate, double pitch, double volumeDb, String language) {

    public static final Delivery PLAIN = new Delivery(1, 1, 0, null);
}
