package io.orator.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import io.orator.platform.ProcessMemory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeHeapTest {

    private static final long MIB = 1 << 20;

    @Test
    void trimmingGivesFreedNativeMemoryBackToTheSystem() {
        assumeTrue(NativeHeap.available(), "malloc_trim is glibc's");
        // 200 MiB in blocks small enough for malloc's arenas (not mmap), as inference allocates.
        List<Memory> blocks = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            Memory block = new Memory(4096);
            block.clear();
            blocks.add(block);
        }
        // A block above them stays in use, so free() alone cannot shrink the arena from its top.
        Memory pin = new Memory(4096);
        try {
            blocks.forEach(Memory::close);
            long freed = ProcessMemory.rssBytes();
            NativeHeap.trim();
            long trimmed = ProcessMemory.rssBytes();
            assertTrue(freed - trimmed > 100 * MIB, "RSS after free " + freed / MIB + " MiB, after trim "
                    + trimmed / MIB + " MiB");
        } finally {
            pin.close();
        }
    }

    @Test
    void theLogNamesTheArenaLimitOrSaysHowToSetIt() {
        assertEquals("MALLOC_ARENA_MAX=2", NativeHeap.arenaLimit("2"));
        assertTrue(NativeHeap.arenaLimit(null).contains("bin/standalone.sh"), NativeHeap.arenaLimit(null));
    }
}
