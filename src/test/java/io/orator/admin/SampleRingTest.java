package io.orator.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleRingTest {

    private static Sample at(long millis) {
        return new Sample(millis, 1, 2, Dashboard.NO_GPU, Double.NaN);
    }

    private static List<Long> times(List<Sample> samples) {
        return samples.stream().map(Sample::epochMillis).toList();
    }

    @Test
    void keepsSamplesOldestFirstUntilFull() {
        SampleRing ring = new SampleRing(4);
        ring.add(at(1));
        ring.add(at(2));
        ring.add(at(3));
        assertEquals(List.of(1L, 2L, 3L), times(ring.since(Long.MIN_VALUE)));
    }

    @Test
    void overwritesTheOldestOnceFullAndNeverGrows() {
        SampleRing ring = new SampleRing(3);
        for (long t = 1; t <= 10; t++) {
            ring.add(at(t));
        }
        assertEquals(List.of(8L, 9L, 10L), times(ring.since(Long.MIN_VALUE)));
        assertEquals(3, ring.capacity());
    }

    @Test
    void returnsOnlySamplesAfterTheGivenTime() {
        SampleRing ring = new SampleRing(5);
        for (long t = 1; t <= 7; t++) {
            ring.add(at(t * 10));
        }
        assertEquals(List.of(60L, 70L), times(ring.since(50)));
        assertEquals(List.of(), ring.since(70));
    }

    @Test
    void emptyRingHasNoSamples() {
        assertEquals(List.of(), new SampleRing(2).since(Long.MIN_VALUE));
    }

    @Test
    void rejectsAZeroCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new SampleRing(0));
    }
}
