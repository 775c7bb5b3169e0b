package io.orator.voices.piper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns IPA phonemes into a voice's model input the way Piper does: {@code ^}, then each phoneme's
 * ids followed by the {@code _} pad id ({@code ^} included), then {@code $}. Phonemes the voice
 * does not know are skipped and counted.
 */
final class PhonemeIds {

    static final String PAD = "_";
    static final String BOS = "^";
    static final String EOS = "$";

    /** The default of {@code orator.inference.max-phoneme-ids}: see {@link #encode(String, int)}. */
    static final int DEFAULT_MAX_IDS = 1000;
    /** Phonemes after which a piece may end: a word or clause ends there. */
    private static final String BREAKS = " .,;:!?";

    /** The ids of one chunk and how many of its phonemes the voice did not know. */
    record Encoded(long[] ids, int skipped) {
    }

    /**
     * A chunk's ids in model inputs of bounded length, each framed like a whole chunk.
     *
     * @param sources for each piece, where each of its phonemes is in the phoneme text (UTF-16 index)
     */
    record Pieces(List<long[]> ids, int skipped, List<int[]> sources) {
    }

    private final Map<Integer, long[]> idsByPhoneme;
    private final long[] pad;
    private final long[] bos;
    private final long[] eos;

    /**
     * @param idMap the config's {@code phoneme_id_map}; like piper-phonemize, each key stands for
     *              its first code point
     * @throws IllegalArgumentException when the pad, start or end symbol is missing
     */
    PhonemeIds(Map<String, long[]> idMap) {
        idsByPhoneme = new HashMap<>();
        idMap.forEach((phoneme, ids) -> {
            if (!phoneme.isEmpty()) {
                idsByPhoneme.putIfAbsent(phoneme.codePointAt(0), ids.clone());
            }
        });
        pad = required(PAD);
        bos = required(BOS);
        eos = required(EOS);
    }

    private long[] required(String symbol) {
        long[] ids = idsByPhoneme.get(symbol.codePointAt(0));
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("phoneme_id_map has no ids for '" + symbol + "'");
        }
        return ids;
    }

    /** The ids of the whole chunk as one model input. */
    Encoded encode(String phonemes) {
        Pieces whole = encode(phonemes, Integer.MAX_VALUE);
        return new Encoded(whole.ids().get(0), whole.skipped());
    }

    /**
     * Encodes {@code phonemes} in Piper's layout, split into model inputs of at
     * most {@code maxIds} ids each: the model's attention costs time and memory quadratic in the
     * input length, and a chunk of few characters can still expand to thousands of phonemes (a
     * long number spelled out). Pieces end after a word or clause when one fits, otherwise at the
     * cap; each starts with {@code ^ _} and ends with {@code $}. A piece holds at least one phoneme
     * even when that alone passes the cap.
     */
    Pieces encode(String phonemes, int maxIds) {
        List<long[]> known = new ArrayList<>();
        List<Boolean> breakAfter = new ArrayList<>();
        List<Integer> sourceOf = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < phonemes.length(); ) {
            int codePoint = phonemes.codePointAt(i);
            long[] ids = idsByPhoneme.get(codePoint);
            if (ids == null) {
                skipped++;
            } else {
                known.add(ids);
                breakAfter.add(BREAKS.indexOf(codePoint) >= 0);
                sourceOf.add(i);
            }
            i += Character.charCount(codePoint);
        }
        List<long[]> pieces = new ArrayList<>();
        List<int[]> sources = new ArrayList<>();
        int first = 0;
        do {
            int length = bos.length + pad.length + eos.length;
            int end = first;
            int lastBreak = -1;
            boolean sounded = false;
            while (end < known.size() && (end == first || length + known.get(end).length + pad.length <= maxIds)) {
                length += known.get(end).length + pad.length;
                if (!breakAfter.get(end)) {
                    sounded = true;
                } else if (sounded) {
                    // A piece of nothing but a space or a comma would be a wasted model call.
                    lastBreak = end + 1;
                }
                end++;
            }
            if (end < known.size() && lastBreak > first) {
                end = lastBreak;
            }
            pieces.add(frame(known.subList(first, end)));
            sources.add(sourceOf.subList(first, end).stream().mapToInt(Integer::intValue).toArray());
            first = end;
        } while (first < known.size());
        return new Pieces(List.copyOf(pieces), skipped, List.copyOf(sources));
    }

    private long[] frame(List<long[]> phonemeIds) {
        IdSequence out = new IdSequence(emptyLength() + 2 * phonemeIds.size());
        out.add(bos);
        out.add(pad);
        for (long[] ids : phonemeIds) {
            out.add(ids);
            out.add(pad);
        }
        out.add(eos);
        return out.toArray();
    }

    /** How many ids the phoneme at {@code codePoint} takes in a piece, its pad included. */
    int idsOf(int codePoint) {
        long[] ids = idsByPhoneme.get(codePoint);
        return ids == null ? 0 : ids.length + pad.length;
    }

    /** How many ids a piece starts with before its first phoneme: the start symbol and a pad. */
    int leadingIds() {
        return bos.length + pad.length;
    }

    /** The length of a text with no phonemes at all: only the start, pad and end symbols. */
    int emptyLength() {
        return bos.length + pad.length + eos.length;
    }

    private static final class IdSequence {
        private long[] ids;
        private int size;

        IdSequence(int capacity) {
            ids = new long[capacity];
        }

        void add(long[] more) {
            if (size + more.length > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(2 * ids.length, size + more.length));
            }
            System.arraycopy(more, 0, ids, size, more.length);
            size += more.length;
        }

        long[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}
