package io.orator.synthesis;

import java.util.List;

/**
 * A stretch of a chunk spoken as something other than its text: {@code spoken[spokenStart,
 * spokenEnd)} of the chunk stands for {@code text[textStart, textEnd)} of its turn.
 *
 * @param ipa the stretch's pronunciation in IPA, or {@code null} when the spoken words say it
 */
public record Respelling(int spokenStart, int spokenEnd, int textStart, int textEnd, String ipa) {

    /**
     * Where a position in spoken text falls in the turn's text, given the spoken text starts at
     * {@code textStart}. A position inside a respelling falls on its start, or, for the end of
     * a word, on its end, so a word of an expansion covers the whole written stretch.
     *
     * @param respellings in order, positions in the same spoken text
     */
    static int textAt(int textStart, List<Respelling> respellings, int position, boolean end) {
        int text = textStart + position;
        for (Respelling r : respellings) {
            boolean inside = end ? position > r.spokenStart && position <= r.spokenEnd
                    : position >= r.spokenStart && position < r.spokenEnd;
            if (inside) {
                return end ? r.textEnd : r.textStart;
            }
            if (position < r.spokenEnd) {
                break;
            }
            text = r.textEnd + (position - r.spokenEnd);
        }
        return text;
    }

    /** This respelling in a piece of the spoken text that starts at {@code from}, or {@code null} when outside it. */
    Respelling within(int from, int to) {
        if (spokenEnd <= from || spokenStart >= to) {
            return null;
        }
        return new Respelling(Math.max(spokenStart, from) - from, Math.min(spokenEnd, to) - from, textStart, textEnd, ipa);
    }
}
