package io.orator.voices.piper;

import io.orator.voices.WordSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chunk's words placed in its audio from the durations of its phoneme ids (Piper's alignment
 * output): each phoneme lasts the frames of its ids and its pad, so each word of the phoneme
 * text (espeak-ng writes one per written word, a space between) runs from its first phoneme's
 * start to its last phoneme's end. Written words are matched to phoneme words one to one when
 * there are as many; otherwise (a number read out as several words, words espeak-ng joins) each
 * written word gets its share of the spoken stretch by its length, cut at phoneme words.
 */
final class PhonemeWords {

    /** Letters or digits: a written word. */
    private static final Pattern WRITTEN = Pattern.compile("\\S*[\\p{L}\\p{N}]\\S*");
    private static final String NOT_WORD = " .,;:!?";

    private PhonemeWords() {
    }

    /**
     * @param text       the chunk's text
     * @param phonemes   the phoneme text its ids were made from
     * @param pieces     its ids, as the model was given them
     * @param durations  for each piece, the frames of each id, or {@code null} for a piece not spoken
     * @param lengths    for each piece, the samples of audio it made
     */
    static void place(String text, String phonemes, PhonemeIds ids, PhonemeIds.Pieces pieces, List<float[]> durations,
                      List<Integer> lengths, int sampleRate, WordSink sink) {
        long[] starts = new long[phonemes.length()];
        long[] ends = new long[phonemes.length()];
        Arrays.fill(starts, -1);
        long offset = 0;
        for (int p = 0; p < pieces.ids().size(); p++) {
            float[] frames = durations.get(p);
            int length = lengths.get(p);
            if (frames == null) {
                continue;
            }
            double total = 0;
            for (float f : frames) {
                total += f;
            }
            double samplesPerFrame = total > 0 ? length / total : 0;
            int id = ids.leadingIds();
            double elapsed = sum(frames, 0, id);
            for (int source : pieces.sources().get(p)) {
                int n = ids.idsOf(phonemes.codePointAt(source));
                double end = elapsed + sum(frames, id, id + n);
                starts[source] = offset + Math.round(elapsed * samplesPerFrame);
                ends[source] = offset + Math.round(end * samplesPerFrame);
                elapsed = end;
                id += n;
            }
            offset += length;
        }

        List<long[]> spoken = spokenWords(phonemes, starts, ends);
        List<int[]> written = new ArrayList<>();
        Matcher word = WRITTEN.matcher(text);
        while (word.find()) {
            written.add(new int[] {word.start(), word.end()});
        }
        if (spoken.isEmpty() || written.isEmpty()) {
            return;
        }
        if (spoken.size() == written.size()) {
            for (int i = 0; i < written.size(); i++) {
                report(sink, written.get(i), spoken.get(i)[0], spoken.get(i)[1], sampleRate);
            }
            return;
        }
        shareByLength(written, spoken, sampleRate, sink);
    }

    /** The phoneme words' start and end samples, in order. */
    private static List<long[]> spokenWords(String phonemes, long[] starts, long[] ends) {
        List<long[]> words = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (int i = 0; i <= phonemes.length(); i++) {
            boolean boundary = i == phonemes.length() || NOT_WORD.indexOf(phonemes.charAt(i)) >= 0;
            if (boundary) {
                if (start >= 0) {
                    words.add(new long[] {start, end});
                }
                start = -1;
            } else if (starts[i] >= 0) {
                if (start < 0) {
                    start = starts[i];
                }
                end = ends[i];
            }
        }
        return words;
    }

    /**
     * Each written word gets a share of the spoken words by its length, its boundaries moved to
     * the nearest boundary between spoken words when one is near, so pauses stay between words.
     */
    private static void shareByLength(List<int[]> written, List<long[]> spoken, int sampleRate, WordSink sink) {
        int letters = written.stream().mapToInt(w -> w[1] - w[0]).sum();
        int spokenCount = spoken.size();
        double cursor = 0;
        int done = 0;
        for (int i = 0; i < written.size(); i++) {
            int[] w = written.get(i);
            cursor += (double) (w[1] - w[0]) / letters * spokenCount;
            int upTo = i == written.size() - 1 ? spokenCount : (int) Math.round(cursor);
            upTo = Math.max(Math.min(upTo, spokenCount), done);
            long start = done < spokenCount ? spoken.get(done)[0] : spoken.get(spokenCount - 1)[1];
            long end = upTo > done ? spoken.get(upTo - 1)[1] : start;
            report(sink, w, start, end, sampleRate);
            done = upTo;
        }
    }

    private static void report(WordSink sink, int[] word, long startSample, long endSample, int sampleRate) {
        sink.word(word[0], word[1], startSample * 1000 / sampleRate, endSample * 1000 / sampleRate);
    }

    private static double sum(float[] frames, int from, int to) {
        double total = 0;
        for (int i = from; i < Math.min(to, frames.length); i++) {
            total += frames[i];
        }
        return total;
    }
}
