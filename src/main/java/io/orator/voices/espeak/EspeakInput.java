package io.orator.voices.espeak;

import io.orator.voices.Utterance;
import io.orator.voices.WordSink;
import java.util.ArrayList;
import java.util.List;

/**
 * The text espeak-ng is given for an utterance: its pronunciations written as espeak-ng phoneme
 * names in {@code [[...]]}, and the way back from positions in that text to the utterance's.
 */
final class EspeakInput {

    private final String text;
    /** For each bracketed stretch: where it is in the input, and the utterance's stretch it stands for. */
    private final List<int[]> stretches;

    private EspeakInput(String text, List<int[]> stretches) {
        this.text = text;
        this.stretches = stretches;
    }

    static EspeakInput of(Utterance utterance) {
        String original = utterance.text();
        if (utterance.pronunciations().isEmpty()) {
            return new EspeakInput(original, List.of());
        }
        StringBuilder input = new StringBuilder();
        List<int[]> stretches = new ArrayList<>();
        int cursor = 0;
        for (Utterance.Pronunciation p : utterance.pronunciations()) {
            String names = IpaToEspeak.convert(p.ipa());
            if (names.isEmpty() || p.start() < cursor) {
                continue;
            }
            input.append(original, cursor, p.start());
            int start = input.length();
            input.append("[[").append(names).append("]]");
            stretches.add(new int[] {start, input.length(), p.start(), p.end()});
            cursor = p.end();
        }
        input.append(original, cursor, original.length());
        return new EspeakInput(input.toString(), stretches);
    }

    String text() {
        return text;
    }

    /** Whether espeak-ng must read {@code [[...]]} as phonemes. */
    boolean hasPhonemes() {
        return !stretches.isEmpty();
    }

    /** {@code words} told positions in the utterance's text rather than in the input's. */
    WordSink toUtterance(WordSink words) {
        if (stretches.isEmpty() || words == WordSink.NONE) {
            return words;
        }
        return (start, end, startMillis, endMillis) ->
                words.word(position(start, false), Math.max(position(start, false), position(end, true)),
                        startMillis, endMillis);
    }

    private int position(int inInput, boolean end) {
        int shift = 0;
        for (int[] s : stretches) {
            boolean inside = end ? inInput > s[0] && inInput <= s[1] : inInput >= s[0] && inInput < s[1];
            if (inside) {
                return end ? s[3] : s[2];
            }
            if (inInput < s[1]) {
                break;
            }
            shift = (s[3] - s[2]) - (s[1] - s[0]) + shift;
        }
        return inInput + shift;
    }
}
