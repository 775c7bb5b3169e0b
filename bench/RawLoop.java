import io.orator.voices.Voice;
import io.orator.voices.espeak.EspeakEngine;
import io.orator.voices.piper.DjlEnvironment;
import io.orator.voices.piper.InferenceDevice;
import io.orator.voices.piper.PiperEngine;
import io.orator.voices.piper.VoicePacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The ceiling for the service: the same chunks through the same engine classes in a plain JVM,
 * with no server, database, files or threads around them. Prints one line:
 * {@code chunks=<n> seconds=<s> audioSeconds=<a> cpuSeconds=<c> threads=<name>:<ms>,...}: the
 * process's CPU time over the loop (all its threads: libtorch's workers and the JVM's own), and
 * that time by thread name (digits as {@code #}, spaces as {@code _}), as the service benchmark
 * reads the server's.
 *
 * Usage: java -cp <classpath> bench/RawLoop.java <voices dir> <voice id> <chunks> <text> <data dir>
 */
public class RawLoop {

    public static void main(String[] args) throws Exception {
        Path voices = Path.of(args[0]);
        String voiceId = args[1];
        int chunks = Integer.parseInt(args[2]);
        String text = args[3];
        Path data = Path.of(args[4]);
        Files.createDirectories(data);
        DjlEnvironment.prepare(data.resolve("djl"));
        try (EspeakEngine espeak = new EspeakEngine(data.resolve("espeak"));
             PiperEngine engine = PiperEngine.torchScript(VoicePacks.scan(voices), espeak::phonemize, InferenceDevice.AUTO)) {
            Voice voice = engine.voices().stream().filter(v -> v.id().equals(voiceId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no voice " + voiceId + ": " + engine.problems()));
            long[] samples = {0};
            for (int i = 0; i < 5; i++) {
                engine.synthesize(voice, text, 1.0, (s, offset, length) -> { });
            }
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            Map<String, Long> threadsStarted = threadCpuMillis();
            long cpuStarted = os.getProcessCpuTime();
            long started = System.nanoTime();
            for (int i = 0; i < chunks; i++) {
                engine.synthesize(voice, text, 1.0, (s, offset, length) -> samples[0] += length);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuStarted) / 1e9;
            Map<String, Long> threads = new TreeMap<>(threadCpuMillis());
            threads.replaceAll((name, millis) -> millis - threadsStarted.getOrDefault(name, 0L));
            threads.values().removeIf(millis -> millis == 0);
            System.out.printf(java.util.Locale.ROOT, "chunks=%d seconds=%.3f audioSeconds=%.3f cpuSeconds=%.3f threads=%s%n",
                    chunks, seconds, (double) samples[0] / voice.sampleRate(), cpuSeconds, threads.entrySet().stream()
                            .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(",")));
        }
    }

    /** CPU milliseconds so far of this process's threads, summed by name (/proc/self/task/N/stat and comm). */
    static Map<String, Long> threadCpuMillis() throws IOException {
        Map<String, Long> byName = new HashMap<>();
        long tick = 10; // USER_HZ is 100 on Linux
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("\\d+", "#").replace(' ', '_');
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * tick, Long::sum);
                } catch (IOException gone) {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return byName;
    }
}
