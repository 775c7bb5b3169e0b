package io.orator.synthesis;

import jakarta.json.bind.annotation.JsonbTransient;
import java.util.ArrayList;
import java.util.List;

/**
 * What SSML says about a turn beyond its words, as positions in the turn's text (UTF-16 indexes
 * into the text a reader sees, which captions and timestamps show): explicit pauses, named
 * marks, sentence and paragraph ends, stretches spoken differently, and words spoken other than
 * as written. Each list is in document order. A plain script's turns have none.
 *
 * @param breaks     explicit silences
 * @param marks      named points reported in the timestamps
 * @param boundaries ends of {@code <s>} and {@code <p>}
 * @param styles     stretches with their own rate, pitch, volume or language; they never overlap
 * @param says       stretches spoken as something else (an alias, an expansion, phonemes); they never overlap
 */
public record Markup(List<Break> breaks, List<Mark> marks, List<Boundary> boundaries, List<Style> styles,
                     List<Say> says) {

    public static final Markup NONE = new Markup(List.of(), List.of(), List.of(), List.of(), List.of());

    public Markup {
        breaks = breaks == null ? List.of() : List.copyOf(breaks);
        marks = marks == null ? List.of() : List.copyOf(marks);
        boundaries = boundaries == null ? List.of() : List.copyOf(boundaries);
        styles = styles == null ? List.of() : List.copyOf(styles);
        says = says == null ? List.of() : List.copyOf(says);
    }

    @JsonbTransient
    public boolean isEmpty() {
        return breaks.isEmpty() && marks.isEmpty() && boundaries.isEmpty() && styles.isEmpty() && says.isEmpty();
    }

    /** What happens at one place in the text: breaks, marks and sentence ends, in document order within each list. */
    public List<Point> points() {
        List<Point> points = new ArrayList<>(breaks.size() + marks.size() + boundaries.size());
        points.addAll(breaks);
        points.addAll(marks);
        points.addAll(boundaries);
        return points;
    }

    /** Something at one place of the text, where a turn is cut. */
    public sealed interface Point permits Break, Mark, Boundary {
        int at();
    }

    /**
     * Silence of {@code millis} at {@code at}, in place of the pause that would fall there.
     *
     * @param order its place in the document among the turn's breaks and marks, which may share a position
     */
    public record Break(int at, int millis, int order) implements Point {
    }

    /**
     * A named point, reported in the timestamps at the moment the audio reaches it.
     *
     * @param order its place in the document among the turn's breaks and marks
     */
    public record Mark(int at, String name, int order) implements Point {
    }

    /** The end of a sentence ({@code <s>}) or paragraph ({@code <p>}), followed by its pause. */
    public record Boundary(int at, boolean paragraph) implements Point {
    }

    /**
     * A stretch spoken with its own delivery.
     *
     * @param rate     speed factor over the job's speed, 1 for none
     * @param pitch    pitch factor, 1 for none; engines that cannot change pitch ignore it
     * @param volumeDb gain in decibels, 0 for none
     * @param language a BCP 47 language to speak the stretch in, or {@code null} for the voice's own
     */
    public record Style(int start, int end, double rate, double pitch, double volumeDb, String language) {

        public Delivery delivery() {
            return new Delivery(rate, pitch, volumeDb, language);
        }
    }

    /**
     * A stretch of the text spoken as something else.
     *
     * @param spoken what is said instead of the text ({@code <sub alias>}, an expanded {@code <say-as>}),
     *               or {@code null} when {@code ipa} says it
     * @param ipa    how the text is pronounced, in IPA ({@code <phoneme>}), or {@code null}
     */
    public record Say(int start, int end, String spoken, String ipa) {
    }
}
