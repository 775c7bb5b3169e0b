package io.orator.synthesis.timing;

import static io.orator.synthesis.timing.TimelineFormat.DURATION;
import static io.orator.synthesis.timing.TimelineFormat.END;
import static io.orator.synthesis.timing.TimelineFormat.END_TIME;
import static io.orator.synthesis.timing.TimelineFormat.HEADER;
import static io.orator.synthesis.timing.TimelineFormat.AT;
import static io.orator.synthesis.timing.TimelineFormat.KIND;
import static io.orator.synthesis.timing.TimelineFormat.MARK;
import static io.orator.synthesis.timing.TimelineFormat.NAME;
import static io.orator.synthesis.timing.TimelineFormat.PRECISION;
import static io.orator.synthesis.timing.TimelineFormat.SENTENCE;
import static io.orator.synthesis.timing.TimelineFormat.SPEAKER;
import static io.orator.synthesis.timing.TimelineFormat.SPEAKERS;
import static io.orator.synthesis.timing.TimelineFormat.START;
import static io.orator.synthesis.timing.TimelineFormat.TEXT;
import static io.orator.synthesis.timing.TimelineFormat.TEXT_END;
import static io.orator.synthesis.timing.TimelineFormat.TEXT_START;
import static io.orator.synthesis.timing.TimelineFormat.TIME;
import static io.orator.synthesis.timing.TimelineFormat.TURN;
import static io.orator.synthesis.timing.TimelineFormat.VERSION;
import static io.orator.synthesis.timing.TimelineFormat.VERSION_FIELD;
import static io.orator.synthesis.timing.TimelineFormat.WORD;

import io.orator.voices.TimestampPrecision;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a timeline file ({@link TimelineFormat}) a sentence at a time: memory holds one
 * sentence's words, whatever the job's length.
 */
public final class TimelineReader implements AutoCloseable {

    /** {@code Json.createReader()} looks its provider up on every call: one factory serves every line. */
    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

    private final BufferedReader in;
    private final TimestampPrecision precision;
    private final int speakers;
    private long durationMillis = -1;
    /** Marks read so far: an SSML document's few, so they are kept. */
    private final List<TimedMark> marks = new ArrayList<>();

    private TimelineReader(BufferedReader in, TimestampPrecision precision, int speakers) {
        this.in = in;
        this.precision = precision;
        this.speakers = speakers;
    }

    /**
     * Opens the file once; what is read later comes from that open file, even if it is deleted meanwhile.
     *
     * @return empty when there is no such file
     * @throws IOException when it cannot be read or is not a timeline
     */
    public static Optional<TimelineReader> open(Path file) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(read(in, file.toString()));
    }

    /**
     * Reads a timeline from a stream it then owns and closes, wherever it is stored.
     *
     * @param name what an error calls it
     * @throws IOException when it cannot be read or is not a timeline
     */
    public static TimelineReader read(InputStream stream, String name) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        try {
            JsonObject header = parse(in.readLine());
            if (header == null || !HEADER.equals(header.getString(KIND, null))
                    || header.getInt(VERSION_FIELD, 0) != VERSION) {
                throw new IOException("Not a timeline of version " + VERSION + ": " + name);
            }
            return new TimelineReader(in, precision(header), header.getInt(SPEAKERS, 1));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The finest precision every voice of the job gives. */
    public TimestampPrecision precision() {
        return precision;
    }

    /** How many speakers the job has. */
    public int speakers() {
        return speakers;
    }

    /** The next sentence with its words; empty after the last. */
    public Optional<TimedSentence> next() throws IOException {
        List<TimedWord> words = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            JsonObject entry = parse(line);
            switch (entry.getString(KIND, "")) {
                case WORD -> words.add(new TimedWord(entry.getString(TEXT), entry.getInt(SPEAKER), entry.getInt(TURN),
                        entry.getInt(TEXT_START), entry.getInt(TEXT_END), millis(entry, START), millis(entry, END_TIME)));
                case SENTENCE -> {
                    return Optional.of(new TimedSentence(entry.getString(TEXT), entry.getInt(SPEAKER),
                            entry.getInt(TURN), entry.getInt(TEXT_START), entry.getInt(TEXT_END),
                            millis(entry, START), millis(entry, END_TIME), precision(entry), words));
                }
                case MARK -> marks.add(new TimedMark(entry.getString(NAME), entry.getInt(TURN), entry.getInt(AT),
                        millis(entry, TIME)));
                case END -> durationMillis = millis(entry, DURATION);
                default -> {
                    // A kind a later version adds: skipped.
                }
            }
        }
        return Optional.empty();
    }

    /** The marks read so far, in the order the audio reaches them; all of them once every sentence has been read. */
    public List<TimedMark> marks() {
        return List.copyOf(marks);
    }

    /** The audio's length, known once every sentence has been read; -1 before. */
    public long durationMillis() {
        return durationMillis;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static JsonObject parse(String line) throws IOException {
        if (line == null) {
            return null;
        }
        try (JsonReader reader = JSON.createReader(new StringReader(line))) {
            return reader.readObject();
        } catch (JsonException e) {
            throw new IOException("A damaged timeline line: " + e.getMessage(), e);
        }
    }

    private static long millis(JsonObject entry, String field) {
        return entry.getJsonNumber(field).longValue();
    }

    private static TimestampPrecision precision(JsonObject entry) {
        return TimestampPrecision.valueOf(entry.getString(PRECISION).toUpperCase(Locale.ROOT));
    }
}
