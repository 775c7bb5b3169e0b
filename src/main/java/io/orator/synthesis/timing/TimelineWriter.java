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
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a job's timeline ({@link TimelineFormat}) chunk by chunk as the job speaks, to a
 * temporary file published only when complete, like the audio. A sentence is written when its
 * last chunk has been spoken; only that one open sentence is held.
 */
public final class TimelineWriter implements AutoCloseable {

    /** {@code Json.createObjectBuilder()} looks its provider up on every call: one factory serves every line. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private final Path temp;
    private final BufferedWriter out;
    private final List<String> turnTexts;
    private boolean finished;

    private OpenSentence open;

    private TimelineWriter(Path temp, BufferedWriter out, List<String> turnTexts) {
        this.temp = temp;
        this.out = out;
        this.turnTexts = List.copyOf(turnTexts);
    }

    /**
     * Creates (or truncates a leftover) {@code temp}.
     *
     * @param turnTexts the job's turns' texts, which sentences and words point into
     * @param speakers  how many speakers the job has
     * @param precision the finest precision every voice of the job gives
     */
    public static TimelineWriter create(Path temp, List<String> turnTexts, int speakers, TimestampPrecision precision)
            throws IOException {
        BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        TimelineWriter writer = new TimelineWriter(temp, out, turnTexts);
        writer.line(JSON.createObjectBuilder().add(KIND, HEADER).add(VERSION_FIELD, VERSION)
                .add(SPEAKERS, speakers).add(PRECISION, precision.json()));
        return writer;
    }

    /**
     * Opens a temporary file that already holds the first part of a job's timeline (its header
     * and every sentence before where the job continues) to write the rest after it.
     */
    public static TimelineWriter resume(Path temp, List<String> turnTexts) throws IOException {
        BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new TimelineWriter(temp, out, turnTexts);
    }

    /** Whether no sentence is open: the timeline so far is whole sentences, a place to continue from. */
    public boolean betweenSentences() {
        return open == null;
    }

    /** Writes what is buffered to the file; returns the file's length. */
    public long flush() throws IOException {
        out.flush();
        return Files.size(temp);
    }

    /**
     * One chunk has been spoken.
     *
     * @param textStart   where the chunk's text starts in its turn's text (UTF-16 index)
     * @param textEnd     one past its end
     * @param sentenceEnd whether the chunk ends its sentence
     * @param startMillis where the chunk's audio starts in the job's audio
     * @param endMillis   where it ends
     * @param words       the chunk's words, already placed in the job's audio; empty at sentence precision
     */
    public void chunk(int speaker, int turn, int textStart, int textEnd, boolean sentenceEnd, long startMillis,
                      long endMillis, TimestampPrecision precision, List<TimedWord> words) throws IOException {
        if (open == null) {
            open = new OpenSentence(speaker, turn, textStart, words.isEmpty() ? startMillis : words.get(0).startMillis(),
                    precision);
        } else if (precision != TimestampPrecision.WORD) {
            open.precision = precision;
        }
        for (TimedWord word : words) {
            line(JSON.createObjectBuilder().add(KIND, WORD).add(SPEAKER, word.speaker()).add(TURN, word.turn())
                    .add(TEXT_START, word.textStart()).add(TEXT_END, word.textEnd())
                    .add(START, word.startMillis()).add(END_TIME, word.endMillis()).add(TEXT, word.text()));
        }
        open.textEnd = textEnd;
        open.endMillis = words.isEmpty() ? endMillis : words.get(words.size() - 1).endMillis();
        if (sentenceEnd) {
            closeSentence();
        }
    }

    /** The audio has reached a named mark at {@code millis}. */
    public void mark(String name, int turn, int at, long millis) throws IOException {
        line(JSON.createObjectBuilder().add(KIND, MARK).add(NAME, name).add(TURN, turn).add(AT, at).add(TIME, millis));
    }

    /** Ends the timeline at {@code durationMillis} and moves it to {@code target}. */
    public void finish(Path target, long durationMillis) throws IOException {
        closeSentence();
        line(JSON.createObjectBuilder().add(KIND, END).add(DURATION, durationMillis));
        out.close();
        finished = true;
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes the temporary file unless it was finished. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            out.close();
            Files.deleteIfExists(temp);
            finished = true;
        }
    }

    private void closeSentence() throws IOException {
        if (open == null) {
            return;
        }
        String turnText = turnTexts.get(open.turn);
        int start = Math.min(open.textStart, turnText.length());
        int end = Math.max(start, Math.min(open.textEnd, turnText.length()));
        line(JSON.createObjectBuilder().add(KIND, SENTENCE).add(SPEAKER, open.speaker).add(TURN, open.turn)
                .add(TEXT_START, start).add(TEXT_END, end)
                .add(START, open.startMillis).add(END_TIME, Math.max(open.startMillis, open.endMillis))
                .add(TEXT, turnText.substring(start, end)).add(PRECISION, open.precision.json()));
        open = null;
    }

    private void line(JsonObjectBuilder object) throws IOException {
        out.write(object.build().toString());
        out.write('\n');
    }

    /** The sentence whose chunks are being spoken. */
    private static final class OpenSentence {
        final int speaker;
        final int turn;
        final int textStart;
        final long startMillis;
        TimestampPrecision precision;
        int textEnd;
        long endMillis;

        OpenSentence(int speaker, int turn, int textStart, long startMillis, TimestampPrecision precision) {
            this.speaker = speaker;
            this.turn = turn;
            this.textStart = textStart;
            this.startMillis = startMillis;
            this.precision = precision;
        }
    }
}
