package io.orator.voices.piper;

import java.util.Arrays;
import java.util.HashMap;
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

    /** The ids of one chunk and how many of its phonemes the voice did not know. */
    record Encoded(long[] ids, int skipped) {
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

    Encoded encode(String phonemes) {
        IdSequence out = new IdSequence(16 + 2 * phonemes.length());
        out.add(bos);
        out.add(pad);
        int skipped = 0;
        for (int i = 0; i < phonemes.length(); ) {
            int codePoint = phonemes.codePointAt(i);
            i += Character.charCount(codePoint);
            long[] ids = idsByPhoneme.get(codePoint);
            if (ids == null) {
                skipped++;
            } else {
                out.add(ids);
                out.add(pad);
            }
        }
        out.add(eos);
        return new Encoded(out.toArray(), skipped);
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
