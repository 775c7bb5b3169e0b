package io.orator.synthesis;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a job can continue after an interruption: the audio and timeline of its first
 * {@code segments().size()} segments are kept, and {@code step} is the first step of its plan
 * after them. With the loudness meters as they stood there, the rest comes out as it would have
 * in one uninterrupted run.
 *
 * @param plan       what the plan was made of ({@link SynthesisPipeline}'s key): a point of another plan is no use
 * @param segments   the attempt that wrote each kept segment, in order: the segment's stored name includes it
 * @param step       the plan's first step not yet spoken
 * @param chunksDone chunks spoken before it
 * @param samples    audio samples before it
 * @param levels     each speaker's loudness meter there; empty without levelling
 */
public record ResumePoint(String plan, List<Integer> segments, int step, int chunksDone, long samples,
                          Map<Integer, byte[]> levels) {

    private static final int VERSION = 1;

    public ResumePoint {
        segments = List.copyOf(segments);
        levels = Map.copyOf(levels);
    }

    /** The job row's {@code checkpoint} column. */
    public String toJson() {
        JsonArrayBuilder attempts = Json.createArrayBuilder();
        segments.forEach(attempts::add);
        JsonObjectBuilder meters = Json.createObjectBuilder();
        new TreeMap<>(levels).forEach((speaker, state) -> meters.add(String.valueOf(speaker),
                Base64.getEncoder().encodeToString(state)));
        return Json.createObjectBuilder().add("version", VERSION).add("plan", plan).add("segments", attempts)
                .add("step", step).add("chunksDone", chunksDone).add("samples", samples).add("levels", meters)
                .build().toString();
    }

    /**
     * Reads a {@link #toJson} value.
     *
     * @throws IllegalArgumentException when it is not one of this version
     */
    public static ResumePoint fromJson(String json) {
        try {
            JsonObject object = Json.createReader(new StringReader(json)).readObject();
            if (object.getInt("version") != VERSION) {
                throw new IllegalArgumentException("a checkpoint of version " + object.getInt("version"));
            }
            JsonArray attempts = object.getJsonArray("segments");
            Map<Integer, byte[]> levels = new TreeMap<>();
            for (Map.Entry<String, JsonValue> meter : object.getJsonObject("levels").entrySet()) {
                levels.put(Integer.valueOf(meter.getKey()),
                        Base64.getDecoder().decode(((jakarta.json.JsonString) meter.getValue()).getString()));
            }
            return new ResumePoint(object.getString("plan"),
                    attempts.getValuesAs(JsonNumber.class).stream().map(JsonNumber::intValue).toList(),
                    object.getInt("step"), object.getInt("chunksDone"), object.getJsonNumber("samples").longValue(), levels);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a checkpoint: " + e.getMessage(), e);
        }
    }
}
