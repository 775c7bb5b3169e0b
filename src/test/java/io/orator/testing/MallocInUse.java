package io.orator.testing;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Structure;
import java.util.Optional;

/**
 * Bytes this process holds through glibc's malloc right now, summed over every arena (glibc's
 * {@code mallinfo2}: chunks in use plus mmapped ones). Unlike the resident size it does not move
 * with freed memory the allocator keeps, so a test can see a native leak of a few megabytes.
 * Empty where the C library has no {@code mallinfo2} (musl, glibc before 2.33, other systems).
 */
public final class MallocInUse {

    /** glibc's {@code struct mallinfo2}, ten {@code size_t} fields. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost"})
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    private MallocInUse() {
    }

    public static Optional<Long> bytes() {
        return read().map(info -> info.uordblks + info.hblkhd);
    }

    /** All of glibc's figures: also the free bytes it keeps ({@code fordblks}) and its heaps' size ({@code arena}). */
    public static Optional<MallInfo2> read() {
        Function mallinfo2;
        try {
            mallinfo2 = NativeLibrary.getInstance("c").getFunction("mallinfo2");
        } catch (UnsatisfiedLinkError e) {
            return Optional.empty();
        }
        return Optional.of((MallInfo2) mallinfo2.invoke(MallInfo2.class, new Object[0]));
    }
}
