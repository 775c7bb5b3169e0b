import io.orator.voices.Voice;
import io.orator.voices.espeak.EspeakEngine;
import io.orator.voices.piper.DjlEnvironment;
import io.orator.voices.piper.InferenceDevice;
import io.orator.voices.piper.PiperEngine;
import io.orator.voices.piper.VoicePacks;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ceiling for the service: the same chunks through the same engine classes in a plain JVM,
 * with no server, database, files or threads around them. Prints one line:
 * {@code chunks=<n> seconds=<s> audioSeconds=<a> cpuSeconds=<c>}, the last the process's CPU
 * time over the loop (all its threads: libtorch's workers and the JVM's own).
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
            long cpuStarted = os.getProcessCpuTime();
            long started = System.nanoTime();
            for (int i = 0; i < chunks; i++) {
                engine.synthesize(voice, text, 1.0, (s, offset, length) -> samples[0] += length);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuStarted) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "chunks=%d seconds=%.3f audioSeconds=%.3f cpuSeconds=%.3f%n", chunks,
                    seconds, (double) samples[0] / voice.sampleRate(), cpuSeconds);
        }
    }
}
