package io.orator.dispatch;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives memory that native code freed back to the operating system, through glibc's
 * {@code malloc_trim}. The inference libraries allocate through malloc from several threads;
 * glibc keeps what they free in per-thread arenas, so without a trim the process's resident
 * size creeps up over thousands of jobs although nothing leaks. Where the C library has no
 * {@code malloc_trim} (musl, other systems) trimming is simply off.
 */
final class NativeHeap {

    private static final Logger LOG = Logger.getLogger(NativeHeap.class.getName());
    private static final Optional<CLibrary> LIBC = load();

    interface CLibrary extends Library {
        /** {@code int malloc_trim(size_t pad)}: 1 when memory was released. */
        int malloc_trim(long pad);
    }

    private NativeHeap() {
    }

    static boolean available() {
        return LIBC.isPresent();
    }

    /** Releases free native heap memory; false where that is not possible here. */
    static boolean trim() {
        return LIBC.map(libc -> libc.malloc_trim(0) == 1).orElse(false);
    }

    /**
     * How many malloc arenas glibc allows this process, in words for the log. glibc reads
     * {@code MALLOC_ARENA_MAX} once, when the process starts (a later {@code mallopt} comes after
     * the JVM's own threads have made their arenas), so the start scripts set it.
     */
    static String arenaLimit(String mallocArenaMax) {
        return mallocArenaMax == null
                ? "MALLOC_ARENA_MAX is not set: glibc allows 8 malloc arenas per core, and native inference memory"
                        + " creeps over thousands of jobs; start the server through bin/standalone.sh or wildfly:run,"
                        + " which set it to 2"
                : "MALLOC_ARENA_MAX=" + mallocArenaMax;
    }

    private static Optional<CLibrary> load() {
        try {
            CLibrary libc = Native.load("c", CLibrary.class);
            libc.malloc_trim(0);
            String arenas = System.getenv("MALLOC_ARENA_MAX");
            LOG.log(arenas == null ? Level.WARNING : Level.INFO, "Native heap: {0}", arenaLimit(arenas));
            return Optional.of(libc);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.log(Level.INFO, "No malloc_trim in this C library; native memory is not trimmed after jobs", e);
            return Optional.empty();
        }
    }
}
