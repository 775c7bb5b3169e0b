package io.orator.synthesis.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.testing.WebVtt;
import io.orator.voices.TimestampPrecision;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionsTest {

    private static final String FIRST = "Hello there, friend & neighbour.";
    private static final String LONG = "This sentence is long enough that no single caption line could hold it, so it"
            + " is cut into cues of two lines at most, each at a space.";

    @TempDir
    Path dir;

    @Test
    void webVttHasAVoicedCueForEverySentenceAndParsesBack() throws IOException {
        Path timeline = timeline();

        List<WebVtt.Cue> cues = WebVtt.parse(captions(timeline, Captions.Format.VTT));

        assertEquals("Speaker 1", cues.get(0).voice());
        assertEquals(FIRST, cues.get(0).text().replace('\n', ' '));
        assertEquals(120, cues.get(0).startMillis());
        assertEquals(1900, cues.get(0).endMillis());
        assertEquals("Speaker 2", cues.get(1).voice());
        // The sentence-precision sentence of 140 characters is split by characters, its time shared.
        List<WebVtt.Cue> split = cues.subList(1, cues.size());
        assertTrue(split.size() >= 2, "cues " + split);
        assertEquals(LONG, String.join(" ", split.stream().map(c -> c.text().replace('\n', ' ')).toList()));
        assertEquals(2500, split.get(0).startMillis());
        assertEquals(9000, split.get(split.size() - 1).endMillis());
        for (WebVtt.Cue cue : cues) {
            for (String line : cue.text().split("\n")) {
                assertTrue(line.length() <= Captions.LINE_CHARACTERS, "line too long: " + line);
            }
            assertTrue(cue.text().split("\n").length <= 2, "at most two lines: " + cue.text());
        }
        for (int i = 1; i < cues.size(); i++) {
            assertTrue(cues.get(i).startMillis() >= cues.get(i - 1).endMillis(), "cues in order, apart");
        }
    }

    @Test
    void wordsSplitALongSentenceIntoCuesThatStartWithTheirWords() throws IOException {
        List<TimedWord> words = new ArrayList<>();
        int at = 0;
        long time = 0;
        for (String word : LONG.split(" ")) {
            words.add(new TimedWord(word, 1, 0, at, at + word.length(), time, time + 200));
            at += word.length() + 1;
            time += 250;
        }
        TimedSentence sentence = new TimedSentence(LONG, 1, 0, 0, LONG.length(), 0, time - 50,
                TimestampPrecision.WORD, words);

        List<Captions.Cue> cues = Captions.cues(sentence);

        assertEquals(LONG, String.join(" ", cues.stream().map(Captions.Cue::text).toList()));
        for (Captions.Cue cue : cues) {
            TimedWord first = words.stream().filter(w -> cue.text().startsWith(w.text())
                    && w.startMillis() == cue.startMillis()).findFirst().orElseThrow(() -> new AssertionError(cue));
            assertTrue(cue.text().length() <= 2 * Captions.LINE_CHARACTERS, cue.text());
            assertEquals(first.startMillis(), cue.startMillis());
        }
        assertEquals(time - 50, cues.get(cues.size() - 1).endMillis());
    }

    @Test
    void srtNamesTheSpeakerWhereItChangesAndUsesCommas() throws IOException {
        String srt = captions(timeline(), Captions.Format.SRT);

        assertTrue(srt.startsWith("1\n00:00:00,120 --> 00:00:01,900\nSpeaker 1: Hello there,"), srt);
        assertTrue(srt.contains("\n\n2\n00:00:02,500 --> "), srt);
        assertTrue(srt.lines().allMatch(line -> line.length() <= Captions.LINE_CHARACTERS), srt);
        assertTrue(srt.contains("Speaker 2: This"), srt);
        assertEquals(1, srt.split("Speaker 2:", -1).length - 1, "named once, where it changes");
    }

    @Test
    void timestampsJsonHasSentencesWithTheirWordsInSeconds() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TimelineReader reader = TimelineReader.open(timeline()).orElseThrow()) {
            TimestampsJson.write("job-1", reader, out);
        }

        JsonObject json = Json.createReader(new ByteArrayInputStream(out.toByteArray())).readObject();
        assertEquals("sentence", json.getString("precision"));
        assertEquals(9.5, json.getJsonNumber("duration").doubleValue());
        JsonArray sentences = json.getJsonArray("sentences");
        assertEquals(2, sentences.size());
        JsonObject first = sentences.getJsonObject(0);
        assertEquals(0.12, first.getJsonNumber("start").doubleValue());
        assertEquals("word", first.getString("precision"));
        assertEquals("friend", first.getJsonArray("words").getJsonObject(2).getString("text"));
        assertEquals(13, first.getJsonArray("words").getJsonObject(2).getInt("textStart"));
        assertTrue(!sentences.getJsonObject(1).containsKey("words"), "no words at sentence precision");
    }

    @Test
    void timesAreWrittenAsTheFormatsWantThem() {
        assertEquals("01:02:03.004", Captions.time(3_723_004, Captions.Format.VTT));
        assertEquals("00:00:59,999", Captions.time(59_999, Captions.Format.SRT));
        assertEquals("26:00:00.000", Captions.time(26 * 3_600_000L, Captions.Format.VTT));
    }

    /** Speaker 1 at word precision, speaker 2 at sentence precision. */
    private Path timeline() throws IOException {
        Path file = dir.resolve("job.timeline");
        try (TimelineWriter writer = TimelineWriter.create(dir.resolve("job.timeline.part"), List.of(FIRST, LONG), 2,
                TimestampPrecision.SENTENCE)) {
            writer.chunk(1, 0, 0, FIRST.length(), true, 0, 2000, TimestampPrecision.WORD, List.of(
                    new TimedWord("Hello", 1, 0, 0, 5, 120, 400),
                    new TimedWord("there,", 1, 0, 6, 12, 420, 800),
                    new TimedWord("friend", 1, 0, 13, 19, 900, 1200),
                    new TimedWord("&", 1, 0, 20, 21, 1200, 1300),
                    new TimedWord("neighbour.", 1, 0, 22, 32, 1300, 1900)));
            writer.chunk(2, 1, 0, LONG.length(), true, 2500, 9000, TimestampPrecision.SENTENCE, List.of());
            writer.finish(file, 9500);
        }
        return file;
    }

    private static String captions(Path timeline, Captions.Format format) throws IOException {
        StringWriter out = new StringWriter();
        try (TimelineReader reader = TimelineReader.open(timeline).orElseThrow()) {
            Captions.write(reader, format, out);
        }
        return out.toString();
    }
}
