package io.orator.voices.espeak;

import io.orator.voices.WordSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns espeak-ng's events for one chunk into words with a start and an end.
 * <ul>
 * <li>espeak-ng reports where each word starts: its position in the text (characters, from 1)
 * and in the audio (milliseconds). The word's time runs from where its sound starts (a stop
 * consonant begins with tens of milliseconds of silence) to where the audio last sounded before
 * the next word or the end of its clause, so pauses belong to no word.</li>
 * <li>A number is spoken as several words that all point into its digits ("1,250": one
 * thousand, two hundred and fifty); overlapping reports are joined into one word of the text,
 * since the text is what a caption shows.</li>
 * <li>espeak-ng speaks some short words with the next or the previous one and reports only
 * one ("in the audio" has no event for "the"): written words nobody reported share the time of
 * the reported word before them, by their length.</li>
 * </ul>
 * Memory: one buffer of espeak-ng's audio at a time; the audio is scanned as it passes.
 */
final class WordEvents {

    /**
     * Below this a sample counts as silence: about −42 dBFS, under the quietest consonant and above
     * the faint tail espeak-ng lets a word decay into during a pause.
     */
    private static final int SOUNDING = 256;

    private final String text;
    private final int codePoints;
    private final int sampleRate;
    private final WordSink sink;

    private short[] buffer = new short[0];
    private long bufferStart;
    private int scanned;
    /** One past the last sounding sample seen, counted from the chunk's start. */
    private long soundedUntil;

    private int pendingStart = -1;
    private int pendingEnd;
    private long pendingMillis;
    /** The first sounding sample of the pending word, -1 until heard. */
    private long pendingOnset = -1;

    WordEvents(String text, int sampleRate, WordSink sink) {
        this.text = text;
        this.codePoints = text.codePointCount(0, text.length());
        this.sampleRate = sampleRate;
        this.sink = sink;
    }

    /** The next buffer of the chunk's audio, before the events that fall in it. */
    void audio(short[] samples) {
        scanTo(Long.MAX_VALUE);
        bufferStart += buffer.length;
        buffer = samples;
        scanned = 0;
    }

    /** A word starts: {@code position} and {@code length} in characters (code points), position from 1. */
    void word(int position, int length, long millis) {
        int first = Math.max(0, Math.min(codePoints, position - 1));
        int last = Math.max(first, Math.min(codePoints, first + Math.max(0, length)));
        int start = text.offsetByCodePoints(0, first);
        int end = text.offsetByCodePoints(0, last);
        if (pendingStart >= 0 && start < pendingEnd) {
            // Another spoken word of the same written one (a number read out): widen it.
            pendingEnd = Math.max(pendingEnd, end);
            return;
        }
        flush(millis, start);
        pendingStart = start;
        pendingEnd = end;
        pendingMillis = millis;
        pendingOnset = -1;
    }

    /** A clause (or the sentence) ends at {@code millis}, after its pause, and at {@code position} in the text. */
    void clauseEnd(int position, long millis) {
        flush(millis, utf16(position - 1));
    }

    /** The chunk's audio is over. */
    void end() {
        flush(Long.MAX_VALUE, text.length());
    }

    private int utf16(int codePoint) {
        return text.offsetByCodePoints(0, Math.max(0, Math.min(codePoints, codePoint)));
    }

    /**
     * Ends the pending word at the last sound before {@code nextMillis}; text up to
     * {@code nextTextStart} that no event reported is part of it.
     */
    private void flush(long nextMillis, int nextTextStart) {
        long nextSample = nextMillis == Long.MAX_VALUE ? Long.MAX_VALUE : nextMillis * sampleRate / 1000;
        scanTo(nextSample);
        if (pendingStart < 0) {
            return;
        }
        int start = pendingStart;
        int end = pendingEnd;
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end > start) {
            long soundEnd = soundedUntil * 1000 / sampleRate;
            long endMillis = nextMillis == Long.MAX_VALUE ? soundEnd : Math.min(nextMillis, soundEnd);
            long startMillis = pendingOnset < 0 ? pendingMillis : Math.max(pendingMillis, pendingOnset * 1000 / sampleRate);
            if (startMillis >= endMillis) {
                // Nothing sounded (a word espeak-ng passed over): keep its reported place.
                startMillis = pendingMillis;
                endMillis = Math.max(pendingMillis, endMillis);
            }
            emit(start, end, Math.max(end, Math.min(text.length(), nextTextStart)), startMillis, endMillis);
        }
        pendingStart = -1;
    }

    /**
     * The reported word {@code [start, end)}, and any written words after it before
     * {@code unreportedEnd}, sharing its time by their length.
     */
    private void emit(int start, int end, int unreportedEnd, long startMillis, long endMillis) {
        List<int[]> words = new ArrayList<>();
        words.add(new int[] {start, end});
        int i = end;
        while (i < unreportedEnd) {
            while (i < unreportedEnd && !Character.isLetterOrDigit(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            int wordStart = i;
            while (i < unreportedEnd && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int wordEnd = i;
            while (wordEnd > wordStart && !Character.isLetterOrDigit(text.codePointBefore(wordEnd))) {
                wordEnd -= Character.charCount(text.codePointBefore(wordEnd));
            }
            if (wordEnd > wordStart) {
                words.add(new int[] {wordStart, wordEnd});
            }
        }
        int characters = words.stream().mapToInt(w -> w[1] - w[0]).sum();
        long span = endMillis - startMillis;
        long at = startMillis;
        int done = 0;
        for (int w = 0; w < words.size(); w++) {
            done += words.get(w)[1] - words.get(w)[0];
            long until = w == words.size() - 1 ? endMillis : startMillis + span * done / characters;
            sink.word(words.get(w)[0], words.get(w)[1], at, until);
            at = until;
        }
    }

    /** Scans the current buffer up to the chunk's sample {@code until} (exclusive). */
    private void scanTo(long until) {
        int stop = (int) Math.max(scanned, Math.min(buffer.length, until - bufferStart));
        for (int i = scanned; i < stop; i++) {
            if (Math.abs(buffer[i]) > SOUNDING) {
                soundedUntil = bufferStart + i + 1;
                if (pendingStart >= 0 && pendingOnset < 0) {
                    pendingOnset = bufferStart + i;
                }
            }
        }
        scanned = stop;
    }
}
