package io.orator.synthesis.ssml;

import io.orator.synthesis.Delivery;
import io.orator.synthesis.Markup;
import io.orator.synthesis.ScriptParser;
import io.orator.synthesis.Turn;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * One turn of an SSML document as it is read: the text a reader sees, normalized as a script's
 * is (NFC, one space between words), and the markup placed in it.
 */
final class TurnText {

    int speaker;
    private final StringBuilder text = new StringBuilder();
    private boolean pendingSpace;
    private final List<Markup.Break> breaks = new ArrayList<>();
    private final List<Markup.Mark> marks = new ArrayList<>();
    private final List<Markup.Boundary> boundaries = new ArrayList<>();
    private final List<Markup.Style> styles = new ArrayList<>();
    private final List<Markup.Say> says = new ArrayList<>();
    /** The delivery of the text since {@link #runStart}. */
    private Delivery run = Delivery.PLAIN;
    private int runStart;

    TurnText(int speaker) {
        this.speaker = speaker;
    }

    void append(String raw, Delivery delivery) {
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            if (ScriptParser.isSpace(cp)) {
                pendingSpace = text.length() > 0;
            } else {
                startWord(delivery);
                text.appendCodePoint(cp);
            }
        }
    }

    /** Written text said as {@code spoken} or as {@code ipa}; both {@code null} says it as written. */
    void said(String written, String spoken, String ipa, Delivery delivery) {
        startWord(delivery);
        int start = text.length();
        text.append(written);
        if (spoken != null || ipa != null) {
            says.add(new Markup.Say(start, text.length(), spoken, ipa));
        }
    }

    void boundary(boolean paragraph) {
        if (text.length() > 0) {
            boundaries.add(new Markup.Boundary(text.length(), paragraph));
        }
        breakWords();
    }

    void pause(int millis) {
        breaks.add(new Markup.Break(text.length(), millis, breaks.size() + marks.size()));
        breakWords();
    }

    void mark(String name) {
        marks.add(new Markup.Mark(text.length(), name, breaks.size() + marks.size()));
    }

    /** What follows is a new word, though no space was written: after a break, a sentence, a voice. */
    void breakWords() {
        pendingSpace = text.length() > 0;
    }

    boolean hasText() {
        return text.length() > 0;
    }

    Turn toTurn() {
        if (!run.equals(Delivery.PLAIN)) {
            changeDelivery(Delivery.PLAIN);
        }
        Markup markup = new Markup(breaks, marks, boundaries, styles, says);
        return new Turn(speaker, text.toString(), markup.isEmpty() ? null : markup);
    }

    /** {@code turn} with breaks and marks that came after its last word. */
    static Turn append(Turn turn, Markup after) {
        int end = turn.text().length();
        Markup markup = turn.markupOrNone();
        int order = markup.breaks().size() + markup.marks().size();
        List<Markup.Break> breaks = new ArrayList<>(markup.breaks());
        after.breaks().forEach(b -> breaks.add(new Markup.Break(end, b.millis(), order + b.order())));
        List<Markup.Mark> marks = new ArrayList<>(markup.marks());
        after.marks().forEach(m -> marks.add(new Markup.Mark(end, m.name(), order + m.order())));
        return new Turn(turn.speaker(), turn.text(),
                new Markup(breaks, marks, markup.boundaries(), markup.styles(), markup.says()));
    }

    /** A space owed before the word, and the word's delivery: a change of delivery falls between words, on no space. */
    private void startWord(Delivery delivery) {
        boolean changes = !delivery.equals(run);
        if (changes) {
            changeDelivery(delivery);
        }
        if (pendingSpace) {
            text.append(' ');
            pendingSpace = false;
            if (changes) {
                runStart = text.length();
            }
        }
    }

    private void changeDelivery(Delivery delivery) {
        if (!run.equals(Delivery.PLAIN) && text.length() > runStart) {
            styles.add(new Markup.Style(runStart, text.length(), run.rate(), run.pitch(), run.volumeDb(), run.language()));
        }
        run = delivery;
        runStart = text.length();
    }
}
