import io.orator.testing.MallocInUse;
import io.orator.voices.SpeechEngine;
import io.orator.voices.Voice;
import io.orator.voices.espeak.EspeakEngine;
import io.orator.voices.piper.DjlEnvironment;
import io.orator.voices.piper.InferenceDevice;
import io.orator.voices.piper.PiperEngine;
import io.orator.voices.piper.VoicePacks;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Native memory per call in a plain JVM, for fast what-if tests of engine and cache settings: one
 * engine speaks {@code calls} texts whose lengths vary as real text does (two sentences, the call
 * number in the text, 20 to 300 characters, so nearly every call has a new input length), with
 * RSS read from /proc/self/status every {@code every} calls and glibc's free memory trimmed there
 * (as the server trims after jobs). Prints the samples, then one summary line: RSS slope per call
 * after the first quarter of the calls, and milliseconds per call.
 *
 * Usage: java -cp <test classpath>:target/classes:target/test-classes bench/MemoryLoop.java <torchscript|onnx|espeak> <voices dir> <voice id>
 *        <calls> <every> <data dir> [same-thread|thread-per-call]
 *
 * {@code thread-per-call} speaks every text on a new thread, to tell native memory kept per
 * calling thread (thread-local caches, OpenMP teams) from memory kept per call.
 *
 * To find what holds native memory, run it with jemalloc's heap profiler and
 * {@code MEMORY_LOOP_PROF_DUMP=1}: a profile is dumped at every sample, and
 * {@code jeprof --text --base=<early>.heap <java> <late>.heap} lists what grew between two, e.g.
 * {@code LD_PRELOAD=libjemalloc.so.2 MALLOC_CONF=prof:true,lg_prof_sample:14,prof_prefix:/tmp/ml}.
 */
public class MemoryLoop {

    interface CLibrary extends Library {
        int malloc_trim(long pad);
    }

    private static final String[] WORDS = ("the lighthouse keeper climbed spiral stairs every evening at dusk counting "
            + "steps as his father had taught him while a small team rebuilt an old radio and measured the quiet hours "
            + "before dawn with more care than anyone expected").split(" ");

    /** Call n's text: its number, then words up to a length drawn between 20 and 300 characters. */
    static String text(int n, Random random) {
        int target = 20 + random.nextInt(281);
        StringBuilder text = new StringBuilder("Line ").append(n).append('.');
        boolean second = false;
        while (text.length() < target) {
            if (!second && text.length() > target / 2) {
                text.append(". Then");
                second = true;
            }
            text.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.append('.').toString();
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        Path voices = Path.of(args[1]);
        String voiceId = args[2];
        int calls = Integer.parseInt(args[3]);
        int every = Integer.parseInt(args[4]);
        Path data = Path.of(args[5]);
        boolean threadPerCall = args.length > 6 && args[6].equals("thread-per-call");
        Files.createDirectories(data);
        DjlEnvironment.prepare(data.resolve("djl"));
        CLibrary libc = Native.load("c", CLibrary.class);
        try (EspeakEngine espeak = new EspeakEngine(data.resolve("espeak"))) {
            SpeechEngine engine = switch (kind) {
                case "torchscript" -> PiperEngine.torchScript(VoicePacks.scan(voices), espeak::phonemize, InferenceDevice.CPU);
                case "onnx" -> PiperEngine.onnx(VoicePacks.scan(voices), espeak::phonemize, InferenceDevice.CPU);
                default -> espeak;
            };
            Voice voice = engine.voices().stream().filter(v -> v.id().equals(voiceId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no voice " + voiceId));
            libc.malloc_trim(0);
            long loaded = rss();
            System.out.printf("loaded rss %.1f MiB%n", loaded / 1048576.0);
            Random random = new Random(11);
            List<long[]> samples = new ArrayList<>();
            long started = System.nanoTime();
            long warmStarted = 0;
            for (int n = 1; n <= calls; n++) {
                String text = text(n, random);
                if (threadPerCall) {
                    Thread call = new Thread(() -> {
                        try {
                            engine.synthesize(voice, text, 1.0, (s, offset, length) -> { });
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    call.start();
                    call.join();
                } else {
                    engine.synthesize(voice, text, 1.0, (s, offset, length) -> { });
                }
                if (n == calls / 4) {
                    warmStarted = System.nanoTime();
                }
                if (n % every == 0) {
                    if (System.getenv("MEMORY_LOOP_PROF_DUMP") != null) {
                        NativeLibrary.getProcess().getFunction("mallctl").invokeInt(
                                new Object[] {"prof.dump", Pointer.NULL, Pointer.NULL, Pointer.NULL, 0L});
                    }
                    libc.malloc_trim(0);
                    long rss = rss();
                    samples.add(new long[] {n, rss});
                    MallocInUse.MallInfo2 heap = MallocInUse.read().orElseGet(MallocInUse.MallInfo2::new);
                    System.out.printf("call %d rss %.1f MiB ms/call %.1f malloc in use %.1f KiB (mmapped %.1f KiB) free %.1f KiB"
                                    + " arena %.1f KiB%n", n, rss / 1048576.0, (System.nanoTime() - started) / 1e6 / n,
                            (heap.uordblks + heap.hblkhd) / 1024.0, heap.hblkhd / 1024.0, heap.fordblks / 1024.0,
                            heap.arena / 1024.0);
                }
            }
            double warmMs = (System.nanoTime() - warmStarted) / 1e6 / (calls - calls / 4);
            List<long[]> tail = samples.stream().filter(s -> s[0] >= calls / 4).toList();
            System.out.printf("SUMMARY engine=%s threads=%s calls=%d rss_loaded_mib=%.1f rss_first_mib=%.1f rss_last_mib=%.1f slope_bytes_per_call=%.0f"
                            + " slope_second_half=%.0f ms_per_call=%.1f%n", kind, threadPerCall ? "per-call" : "same", calls, loaded / 1048576.0, samples.get(0)[1] / 1048576.0,
                    samples.get(samples.size() - 1)[1] / 1048576.0, slope(tail),
                    slope(samples.stream().filter(s -> s[0] >= calls / 2).toList()), warmMs);
            if (engine != espeak) {
                engine.close();
            }
        }
    }

    static double slope(List<long[]> points) {
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double num = 0, den = 0;
        for (long[] p : points) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return num / den;
    }

    static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
