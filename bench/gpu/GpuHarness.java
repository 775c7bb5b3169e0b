import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.cuda.CudaUtils;
import io.orator.voices.SynthesisException;
import io.orator.voices.Voice;
import io.orator.voices.espeak.EspeakEngine;
import io.orator.voices.piper.DjlEnvironment;
import io.orator.voices.piper.InferenceDevice;
import io.orator.voices.piper.Phonemizer;
import io.orator.voices.piper.PiperEngine;
import io.orator.voices.piper.VoicePack;
import io.orator.voices.piper.VoicePacks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Orator's neural voice path on a device, in a plain JVM: the voice packs are found by
 * {@link VoicePacks}, loaded and run by {@link PiperEngine} (espeak-ng phonemes, DJL's PyTorch engine)
 * on {@code orator.inference.device}, exactly as the server does, with no server around them.
 *
 * <ol>
 *   <li>every TorchScript pack of {@code --voices} (the committed test packs) loads on the device and
 *       speaks every one of its voices;</li>
 *   <li>the benchmark-sized pack of {@code --medium} speaks {@code --calls} chunks: time per chunk,
 *       real-time factor, and GPU memory (Orator's own {@link PiperEngine#gpuMemory()}), process RSS and
 *       heap every {@code --sample-every} calls, with the CUDA cache released after every
 *       {@code --job-chunks} chunks as the server does after each job;</li>
 *   <li>an out-of-memory error: on a GPU a real one (a chunk spoken {@code --oom-slowdown} times slower
 *       than normal, which no GPU can hold), elsewhere the injected one; it must surface as
 *       {@code GPU_OUT_OF_MEMORY}, and the next chunk must be spoken by the same engine and by a
 *       reloaded one.</li>
 * </ol>
 * Writes a JSON report to {@code --out} and exits 1 when a check failed.
 *
 * <pre>
 * java -cp &lt;classpath&gt; GpuHarness --device gpu --voices src/test/resources/voices \
 *      --medium DIR --calls 2000 --sample-every 100 --out gpu_harness.json
 * </pre>
 * bench/gpu/run.sh builds the JNI and the medium voice and runs this; see the README's Benchmarks.
 */
public final class GpuHarness {

    /** About 300 characters, the server's longest chunk ({@code orator.synthesis.max-chunk-characters}). */
    static final String CHUNK = "The quarterly report shows steady growth in every region, and the team expects the new"
            + " service to reach most customers before the end of the year, provided the remaining tests pass and"
            + " the partners in the north confirm their orders by the middle of next month as they have promised.";
    static final String SHORT = "Hello from Orator, on the device the harness was given.";
    /** Marker text for the injected out-of-memory error where no GPU exists. */
    static final String OOM_MARKER = "\u26a1inject-oom\u26a1";

    private final Map<String, String> options;
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private InferenceDevice device;
    private Phonemizer phonemizer;

    private GpuHarness(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "device", "gpu", "voices", "src/test/resources/voices", "calls", "2000", "sample-every", "100",
                "job-chunks", "20", "warmup", "5", "data", System.getProperty("java.io.tmpdir") + "/orator-gpu-harness",
                "out", "gpu_harness.json", "oom-slowdown", "1000000"));
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: GpuHarness [--device gpu|cpu|auto] [--voices DIR] [--medium DIR] [--calls N]"
                        + " [--sample-every N] [--job-chunks N] [--warmup N] [--oom real|injected|none]"
                        + " [--oom-slowdown X] [--data DIR] [--out FILE]");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        System.exit(new GpuHarness(options).run());
    }

    private int run() throws IOException {
        device = InferenceDevice.parse(options.get("device"));
        Path data = Path.of(options.get("data"));
        Files.createDirectories(data);
        DjlEnvironment.prepare(data.resolve("djl"));
        report.put("options", options);
        report.put("machine", machine());
        EspeakEngine espeak = null;
        try {
            espeak = new EspeakEngine(data.resolve("espeak"));
            EspeakEngine phonemes = espeak;
            phonemizer = phonemes::phonemize;
            report.put("phonemizer", "espeak-ng");
        } catch (RuntimeException | LinkageError e) {
            // The packs still run; only the phoneme ids differ from the server's.
            phonemizer = (voice, text) -> text.toLowerCase(Locale.ROOT);
            report.put("phonemizer", "lower-case text (espeak-ng unavailable: " + e + ")");
            failures.add("espeak-ng did not load: " + e);
        }
        try {
            report.put("engine", engine());
            log("engine", report.get("engine"));
            report.put("committed_packs", committedPacks(Path.of(options.get("voices"))));
            if (options.containsKey("medium")) {
                Path medium = Path.of(options.get("medium"));
                report.put("medium", medium(medium));
                String oom = options.getOrDefault("oom", device == InferenceDevice.CPU ? "injected" : "real");
                if (!"none".equals(oom)) {
                    report.put("out_of_memory", outOfMemory(medium, "real".equals(oom)));
                }
            }
        } catch (RuntimeException | LinkageError e) {
            failures.add("harness stopped: " + e);
            e.printStackTrace();
        } finally {
            if (espeak != null) {
                espeak.close();
            }
        }
        report.put("failures", failures);
        report.put("ok", failures.isEmpty());
        Path out = Path.of(options.get("out"));
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, Json.write(report) + "\n", StandardCharsets.UTF_8);
        System.out.println((failures.isEmpty() ? "OK" : "FAILED " + failures) + "; report written to " + out);
        return failures.isEmpty() ? 0 : 1;
    }

    private Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        for (String name : List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR", "ENGINE_CACHE_DIR",
                "DJL_CACHE_DIR", "ORATOR_GPU_NAME", "ORATOR_TORCH_VERSION", "ORATOR_JNI")) {
            Optional.ofNullable(System.getenv(name)).ifPresent(value -> m.put(name, value));
        }
        return m;
    }

    private Map<String, Object> engine() {
        Map<String, Object> e = new LinkedHashMap<>();
        Engine engine = Engine.getEngine("PyTorch");
        e.put("djl", Engine.getDjlVersion());
        e.put("pytorch", engine.getVersion());
        e.put("libtorch", ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
        e.put("cuda_capability", engine.hasCapability(StandardCapabilities.CUDA));
        e.put("gpu_count", engine.getGpuCount());
        if (engine.getGpuCount() > 0) {
            e.put("cuda_runtime", CudaUtils.getCudaVersionString());
            e.put("compute_capability", CudaUtils.getComputeCapability(0));
        }
        e.put("device_setting", device.name().toLowerCase(Locale.ROOT));
        return e;
    }

    /** Every voice of every TorchScript pack in {@code dir} speaks one short chunk on the device. */
    private Map<String, Object> committedPacks(Path dir) throws IOException {
        List<VoicePack> packs = VoicePacks.scan(dir);
        Map<String, Object> r = new LinkedHashMap<>();
        try (PiperEngine engine = PiperEngine.torchScript(packs, phonemizer, device)) {
            r.put("device", engine.device());
            checkDevice(engine, "committed packs");
            r.put("problems", engine.problems().stream().map(Object::toString).toList());
            if (!engine.problems().isEmpty()) {
                failures.add("committed packs unusable: " + engine.problems());
            }
            List<Map<String, Object>> voices = new ArrayList<>();
            for (Voice voice : engine.voices()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("voice", voice.id());
                try {
                    long samples = speak(engine, voice, SHORT, 1.0);
                    v.put("samples", samples);
                    v.put("ok", samples > 0);
                    if (samples == 0) {
                        failures.add(voice.id() + " gave no audio");
                    }
                } catch (RuntimeException | IOException e) {
                    v.put("ok", false);
                    v.put("error", e.toString());
                    failures.add(voice.id() + " failed: " + e);
                }
                voices.add(v);
            }
            r.put("voices", voices);
            long torchScriptPacks = packs.stream().filter(p -> p.format() == VoicePack.Format.TORCHSCRIPT).count();
            r.put("torchscript_packs", torchScriptPacks);
            if (voices.isEmpty()) {
                failures.add("no TorchScript voice in " + dir);
            }
        }
        log("committed packs", r);
        return r;
    }

    /** The benchmark-sized voice: time per chunk, real-time factor, memory every few calls. */
    private Map<String, Object> medium(Path dir) throws IOException {
        int calls = Integer.parseInt(options.get("calls"));
        int every = Integer.parseInt(options.get("sample-every"));
        int jobChunks = Integer.parseInt(options.get("job-chunks"));
        int warmup = Integer.parseInt(options.get("warmup"));
        Map<String, Object> r = new LinkedHashMap<>();
        long loadStart = System.nanoTime();
        try (PiperEngine engine = PiperEngine.torchScript(VoicePacks.scan(dir), phonemizer, device)) {
            r.put("load_ms", round((System.nanoTime() - loadStart) / 1e6, 1));
            r.put("device", engine.device());
            checkDevice(engine, "medium voice");
            Voice voice = engine.voices().stream().findFirst().orElseThrow(
                    () -> new IllegalStateException("no TorchScript voice in " + dir + ": " + engine.problems()));
            r.put("voice", voice.id());
            r.put("chunk_characters", CHUNK.length());
            // The CPU's share of each chunk: espeak-ng's phonemes for the same text.
            long phonemeStart = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                phonemizer.phonemize("en-us", CHUNK);
            }
            r.put("phonemize_ms_per_chunk", round((System.nanoTime() - phonemeStart) / 20e6, 3));
            for (int i = 0; i < warmup; i++) {
                speak(engine, voice, CHUNK, 1.0);
            }
            engine.releaseGpuCache();
            List<Long> gpuUsed = new ArrayList<>();
            List<Long> rss = new ArrayList<>();
            List<Long> heap = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            gpuMemory(engine).ifPresent(m -> r.put("gpu_used_bytes_before", m.getUsed()));
            r.put("rss_bytes_before", rss());
            double[] millis = new double[calls];
            long samples = 0;
            long started = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                samples = speak(engine, voice, CHUNK, 1.0);
                millis[i] = (System.nanoTime() - t0) / 1e6;
                if ((i + 1) % jobChunks == 0) {
                    engine.releaseGpuCache(); // the end of a job, as the server does it
                }
                if ((i + 1) % every == 0) {
                    at.add(i + 1);
                    gpuMemory(engine).ifPresent(m -> gpuUsed.add(m.getUsed()));
                    rss.add(rss());
                    heap.add(heapUsed());
                    if ((i + 1) % (every * 5) == 0 || i + 1 == calls) {
                        log("medium", (i + 1) + " calls, last " + round(millis[i], 2) + " ms"
                                + (gpuUsed.isEmpty() ? "" : ", GPU used " + gpuUsed.get(gpuUsed.size() - 1)));
                    }
                }
            }
            double wall = (System.nanoTime() - started) / 1e9;
            double audioSeconds = (double) samples / voice.sampleRate();
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            r.put("calls", calls);
            r.put("samples_per_chunk", samples);
            r.put("audio_seconds_per_chunk", round(audioSeconds, 3));
            r.put("ms_per_chunk_p50", round(percentile(sorted, 0.50), 3));
            r.put("ms_per_chunk_p90", round(percentile(sorted, 0.90), 3));
            r.put("ms_per_chunk_p99", round(percentile(sorted, 0.99), 3));
            r.put("ms_per_chunk_max", round(sorted[sorted.length - 1], 3));
            r.put("real_time_factor_p50", round(percentile(sorted, 0.50) / 1000 / audioSeconds, 6));
            r.put("real_time_factor_overall", round(wall / (audioSeconds * calls), 6));
            r.put("wall_seconds", round(wall, 2));
            r.put("sampled_at_calls", at);
            if (!gpuUsed.isEmpty()) {
                r.put("gpu_used_bytes", gpuUsed);
                r.put("gpu_used_slope_bytes_per_100_calls", round(slope(at, gpuUsed) * 100, 1));
                r.put("gpu_used_range_bytes", gpuUsed.stream().mapToLong(Long::longValue).max().orElse(0)
                        - gpuUsed.stream().mapToLong(Long::longValue).min().orElse(0));
            }
            r.put("rss_bytes", rss);
            r.put("rss_slope_bytes_per_call", round(slope(at.subList(at.size() / 2, at.size()),
                    rss.subList(rss.size() / 2, rss.size())), 1));
            r.put("heap_used_bytes", heap);
            engine.releaseGpuCache();
            gpuMemory(engine).ifPresent(m -> r.put("gpu_used_bytes_after_release", m.getUsed()));
        }
        log("medium", without(r, "gpu_used_bytes", "rss_bytes", "heap_used_bytes", "sampled_at_calls"));
        return r;
    }

    /**
     * An out-of-memory error in the middle of a job. Real: the chunk is spoken {@code --oom-slowdown}
     * times slower, so the alignment alone asks for hundreds of GiB. Injected: the fault-injection switch
     * fails the chunk with the message a CUDA out-of-memory error has.
     */
    private Map<String, Object> outOfMemory(Path dir, boolean real) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", real ? "real" : "injected");
        double speed = real ? 1.0 / Double.parseDouble(options.get("oom-slowdown")) : 1.0;
        String text = real ? CHUNK : CHUNK + " " + OOM_MARKER;
        if (!real) {
            System.setProperty("orator.fault.gpu-oom-marker", OOM_MARKER);
        }
        PiperEngine engine = PiperEngine.torchScript(VoicePacks.scan(dir), phonemizer, device);
        try {
            Voice voice = engine.voices().stream().findFirst().orElseThrow();
            gpuMemory(engine).ifPresent(m -> r.put("gpu_used_bytes_before", m.getUsed()));
            long t0 = System.nanoTime();
            try {
                long samples = speak(engine, voice, text, speed);
                r.put("raised", false);
                r.put("samples", samples);
                failures.add("no out-of-memory error: the chunk gave " + samples + " samples");
            } catch (SynthesisException e) {
                r.put("raised", true);
                r.put("code", e.code());
                r.put("message", firstLine(e.getMessage(), "out of memory"));
                r.put("cause", e.getCause() == null ? null : e.getCause().getClass().getName());
                if (!PiperEngine.GPU_OUT_OF_MEMORY.equals(e.code())) {
                    failures.add("out of memory surfaced as " + e.code() + ", not " + PiperEngine.GPU_OUT_OF_MEMORY
                            + ": " + firstLine(e.getMessage(), "memory"));
                }
            }
            r.put("ms_to_error", round((System.nanoTime() - t0) / 1e6, 1));
            gpuMemory(engine).ifPresent(m -> r.put("gpu_used_bytes_after_error", m.getUsed()));
            engine.releaseGpuCache();
            gpuMemory(engine).ifPresent(m -> r.put("gpu_used_bytes_after_release", m.getUsed()));
            System.clearProperty("orator.fault.gpu-oom-marker");
            r.put("next_chunk_same_engine", nextChunk(engine, voice));
        } finally {
            engine.close();
        }
        // The server reloads the engines after GPU_OUT_OF_MEMORY; the reloaded one must speak too.
        try (PiperEngine reloaded = PiperEngine.torchScript(VoicePacks.scan(dir), phonemizer, device)) {
            Voice voice = reloaded.voices().stream().findFirst().orElseThrow(
                    () -> new IllegalStateException("the medium voice did not reload: " + reloaded.problems()));
            r.put("next_chunk_reloaded_engine", nextChunk(reloaded, voice));
            gpuMemory(reloaded).ifPresent(m -> r.put("gpu_used_bytes_after_reload", m.getUsed()));
        }
        log("out of memory", r);
        return r;
    }

    private Map<String, Object> nextChunk(PiperEngine engine, Voice voice) {
        Map<String, Object> n = new LinkedHashMap<>();
        try {
            long samples = speak(engine, voice, CHUNK, 1.0);
            n.put("ok", samples > 0);
            n.put("samples", samples);
        } catch (RuntimeException | IOException e) {
            n.put("ok", false);
            n.put("error", firstLine(e.getMessage(), ""));
        }
        if (!Boolean.TRUE.equals(n.get("ok"))) {
            failures.add("the chunk after the out-of-memory error failed: " + n);
        }
        return n;
    }

    private void checkDevice(PiperEngine engine, String what) {
        boolean onGpu = engine.device().startsWith("gpu");
        if (device == InferenceDevice.GPU && !onGpu || device == InferenceDevice.CPU && onGpu) {
            failures.add(what + " ran on " + engine.device() + " with device " + device + ": " + engine.problems());
        }
    }

    private static long speak(PiperEngine engine, Voice voice, String text, double speed) throws IOException {
        long[] samples = {0};
        engine.synthesize(voice, text, speed, (pcm, offset, length) -> samples[0] += length);
        return samples[0];
    }

    private static Optional<MemoryUsage> gpuMemory(PiperEngine engine) {
        try {
            return engine.gpuMemory();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Least-squares slope of {@code ys} over {@code xs}. */
    static double slope(List<Integer> xs, List<Long> ys) {
        int n = Math.min(xs.size(), ys.size());
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += xs.get(i);
            my += ys.get(i);
        }
        mx /= n;
        my /= n;
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (xs.get(i) - mx) * (ys.get(i) - my);
            den += (xs.get(i) - mx) * (xs.get(i) - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    /** The first line of {@code message} that contains {@code about}, else its first line; 300 characters at most. */
    private static String firstLine(String message, String about) {
        if (message == null) {
            return null;
        }
        String chosen = message.lines().filter(l -> l.contains(about)).findFirst()
                .orElse(message.lines().findFirst().orElse(""));
        return chosen.length() > 300 ? chosen.substring(0, 300) : chosen;
    }

    private static Map<String, Object> without(Map<String, Object> map, String... keys) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        for (String key : keys) {
            copy.remove(key);
        }
        return copy;
    }

    private static void log(String what, Object value) {
        System.out.println("[" + what + "] " + (value instanceof Map || value instanceof List ? Json.write(value) : value));
        System.out.flush();
    }

    /** Just enough JSON for the report: maps, lists, strings, numbers, booleans and null. */
    static final class Json {
        private Json() {
        }

        static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(value, out, "");
            return out.toString();
        }

        private static void write(Object value, StringBuilder out, String indent) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof Map<?, ?> map) {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append("{\n");
                String inner = indent + "  ";
                int i = 0;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(inner);
                    string(String.valueOf(entry.getKey()), out);
                    out.append(": ");
                    write(entry.getValue(), out, inner);
                    out.append(++i < map.size() ? ",\n" : "\n");
                }
                out.append(indent).append('}');
            } else if (value instanceof List<?> list) {
                boolean flat = list.stream().allMatch(v -> v instanceof Number || v instanceof Boolean);
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (!flat) {
                        out.append('\n').append(indent).append("  ");
                    }
                    write(list.get(i), out, indent + "  ");
                    if (i + 1 < list.size()) {
                        out.append(flat ? ", " : ",");
                    }
                }
                if (!flat && !list.isEmpty()) {
                    out.append('\n').append(indent);
                }
                out.append(']');
            } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                out.append("null");
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else {
                string(value.toString(), out);
            }
        }

        private static void string(String s, StringBuilder out) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
