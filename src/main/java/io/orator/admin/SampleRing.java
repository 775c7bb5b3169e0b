package io.orator.admin;

import java.util.ArrayList;
import java.util.List;

/** The latest samples in a fixed number of slots: memory stays bounded however long the server runs. */
final class SampleRing {

    private final Sample[] slots;
    private int next;
    private int size;

    SampleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        slots = new Sample[capacity];
    }

    /** Adds a sample, overwriting the oldest once the ring is full. */
    synchronized void add(Sample sample) {
        slots[next] = sample;
        next = (next + 1) % slots.length;
        size = Math.min(size + 1, slots.length);
    }

    /** The samples taken after {@code sinceMillis} (epoch milliseconds), oldest first. */
    synchronized List<Sample> since(long sinceMillis) {
        List<Sample> samples = new ArrayList<>(size);
        int oldest = (next - size + slots.length) % slots.length;
        for (int i = 0; i < size; i++) {
            Sample sample = slots[(oldest + i) % slots.length];
            if (sample.epochMillis() > sinceMillis) {
                samples.add(sample);
            }
        }
        return samples;
    }

    int capacity() {
        return slots.length;
    }
}
