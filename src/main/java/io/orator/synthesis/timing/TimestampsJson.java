package io.orator.synthesis.timing;

import io.orator.voices.TimestampPrecision;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A job's timestamps as the API's JSON, written while the timeline is read: sentences with
 * their speaker, text span and times, each with its words at word precision, then the SSML
 * marks the audio reached. Times are seconds
 * (to the millisecond) from the start of the audio; text spans are UTF-16 indices into the
 * job's turns, as {@code String} indices in Java and JavaScript count.
 */
public final class TimestampsJson {

    private TimestampsJson() {
    }

    public static void write(String jobId, TimelineReader timeline, OutputStream out) throws IOException {
        try (JsonGenerator json = Json.createGenerator(out)) {
            json.writeStartObject()
                    .write("job", jobId)
                    .write("precision", timeline.precision().json())
                    .write("speakers", timeline.speakers())
                    .writeStartArray("sentences");
            for (Optional<TimedSentence> next = timeline.next(); next.isPresent(); next = timeline.next()) {
                writeSentence(json, next.get());
            }
            json.writeEnd().writeStartArray("marks");
            for (TimedMark mark : timeline.marks()) {
                json.writeStartObject()
                        .write("name", mark.name())
                        .write("turn", mark.turn())
                        .write("textOffset", mark.at())
                        .write("time", seconds(mark.millis()))
                        .writeEnd();
            }
            json.writeEnd().write("duration", seconds(Math.max(0, timeline.durationMillis()))).writeEnd();
        }
    }

    private static void writeSentence(JsonGenerator json, TimedSentence sentence) {
        json.writeStartObject()
                .write("speaker", sentence.speaker())
                .write("turn", sentence.turn())
                .write("textStart", sentence.textStart())
                .write("textEnd", sentence.textEnd())
                .write("start", seconds(sentence.startMillis()))
                .write("end", seconds(sentence.endMillis()))
                .write("text", sentence.text())
                .write("precision", sentence.precision().json());
        if (sentence.precision() == TimestampPrecision.WORD) {
            json.writeStartArray("words");
            for (TimedWord word : sentence.words()) {
                json.writeStartObject()
                        .write("text", word.text())
                        .write("textStart", word.textStart())
                        .write("textEnd", word.textEnd())
                        .write("start", seconds(word.startMillis()))
                        .write("end", seconds(word.endMillis()))
                        .writeEnd();
            }
            json.writeEnd();
        }
        json.writeEnd();
    }

    private static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }
}
