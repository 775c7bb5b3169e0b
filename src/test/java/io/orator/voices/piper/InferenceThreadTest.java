package io.orator.voices.piper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InferenceThreadTest {

    private final InferenceThread inference = InferenceThread.named("test-inference");

    @AfterEach
    void close() {
        inference.close();
    }

    @Test
    void callsFromManyThreadsAllRunOnTheOneThread() throws Exception {
        int callers = 8;
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        Set<Thread> askedFrom = ConcurrentHashMap.newKeySet();
        CyclicBarrier together = new CyclicBarrier(callers);
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = IntStream.range(0, callers).mapToObj(i -> new Thread(() -> {
            try {
                together.await();
                for (int call = 0; call < 20; call++) {
                    askedFrom.add(Thread.currentThread());
                    inference.call(() -> ranOn.add(Thread.currentThread()));
                }
            } catch (Exception e) {
                failures.add(e);
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(callers, askedFrom.size());
        assertEquals(1, ranOn.size(), "calls ran on " + ranOn);
        Thread only = ranOn.iterator().next();
        assertEquals("test-inference", only.getName());
        assertFalse(askedFrom.contains(only));
    }

    @Test
    void whatTheWorkThrowsReachesTheCallerUnwrapped() {
        IllegalStateException runtime = new IllegalStateException("engine failed");
        assertSame(runtime, assertThrows(IllegalStateException.class, () -> inference.call(() -> {
            throw runtime;
        })));
        IOException checked = new IOException("pack unreadable");
        assertSame(checked, assertThrows(IOException.class, () -> inference.call(() -> {
            throw checked;
        })));
        OutOfMemoryError error = new OutOfMemoryError("native");
        assertSame(error, assertThrows(OutOfMemoryError.class, () -> inference.call(() -> {
            throw error;
        })));
        assertEquals(42, inference.call(() -> 42), "the thread survives what its work threw");
    }

    @Test
    void aCallFromTheThreadItselfRunsInPlace() throws Exception {
        // A model's warm-up runs inside its load, which already runs on the thread.
        assertEquals("inner", inference.call(() -> {
            assertTrue(inference.isCurrent());
            return inference.call(() -> "inner");
        }));
        assertFalse(inference.isCurrent());
    }

    @Test
    void anInterruptedCallerStillGetsTheResultAndKeepsItsInterrupt() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicReference<String> result = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                result.set(inference.call(() -> {
                    running.countDown();
                    finish.await();
                    return "done";
                }));
            } catch (InterruptedException e) {
                throw new AssertionError("the work itself was not interrupted", e);
            }
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        running.await();
        caller.interrupt();
        // The work cannot be stopped half way (a native call would not be): the caller waits on.
        while (caller.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        finish.countDown();
        caller.join();
        assertEquals("done", result.get());
        assertTrue(interruptKept.get());
    }

    @Test
    void callsAfterCloseFail() {
        inference.close();
        assertThrows(IllegalStateException.class, () -> inference.call(() -> 1));
    }
}
