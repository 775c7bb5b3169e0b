package io.orator.voices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.voices.EngineTurns.Priority;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineTurnsTest {

    private final EngineTurns turns = new EngineTurns();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private void awaitWaiting(int count) {
        while (turns.waiting() < count) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aWaitingSpeechRequestGoesBeforeTheNextJobChunk() throws Exception {
        CountDownLatch chunkSpeaking = new CountDownLatch(1);
        CountDownLatch chunkMayEnd = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        Future<?> running = threads.submit(() -> turns.take(Priority.JOB, () -> {
            chunkSpeaking.countDown();
            chunkMayEnd.await();
            return order.add("job chunk 1");
        }));
        chunkSpeaking.await();
        Future<?> nextChunk = threads.submit(() -> turns.take(Priority.JOB, () -> order.add("job chunk 2")));
        awaitWaiting(1);
        Future<?> speech = threads.submit(() -> turns.take(Priority.INTERACTIVE, () -> order.add("speech")));
        awaitWaiting(2);
        assertEquals(List.of(), order, "nobody interrupts the chunk being spoken");

        chunkMayEnd.countDown();
        running.get(10, TimeUnit.SECONDS);
        speech.get(10, TimeUnit.SECONDS);
        nextChunk.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("job chunk 1", "speech", "job chunk 2"), order);
        assertEquals(3, turns.turnsTaken());
    }

    @Test
    void neverTwoTurnsAtOnce() throws Exception {
        AtomicInteger speaking = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Priority priority = i % 2 == 0 ? Priority.JOB : Priority.INTERACTIVE;
            all.add(threads.submit(() -> {
                start.await();
                for (int turn = 0; turn < 200; turn++) {
                    turns.take(priority, () -> {
                        most.accumulateAndGet(speaking.incrementAndGet(), Math::max);
                        Thread.yield();
                        return speaking.decrementAndGet();
                    });
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : all) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(1, most.get());
        assertEquals(1_600, turns.turnsTaken());
        assertTrue(turns.waiting() == 0);
    }

    @Test
    void aFailingTurnHandsTheEngineOn() throws Exception {
        try {
            turns.take(Priority.JOB, () -> {
                throw new java.io.IOException("the sink failed");
            });
        } catch (java.io.IOException expected) {
            // The failure is the caller's; the engine is free again.
        }
        assertEquals("next", threads.submit(() -> turns.take(Priority.INTERACTIVE, () -> "next")).get(10, TimeUnit.SECONDS));
    }
}
