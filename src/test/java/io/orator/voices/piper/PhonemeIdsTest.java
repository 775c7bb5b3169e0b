package io.orator.voices.piper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhonemeIdsTest {

    private static Map<String, long[]> map(Object... pairs) {
        Map<String, long[]> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (long[]) pairs[i + 1]);
        }
        return map;
    }

    private static final PhonemeIds IDS = new PhonemeIds(map(
            "_", new long[] {0}, "^", new long[] {1}, "$", new long[] {2}, " ", new long[] {3},
            "h", new long[] {20}, "ə", new long[] {59}, "l", new long[] {24}, "ˈ", new long[] {120},
            "o", new long[] {27}, "ʊ", new long[] {100}, "ɹ", new long[] {88, 89}));

    @Test
    void wrapsPhonemesInStartAndEndWithAPadAfterEach() {
        PhonemeIds.Encoded encoded = IDS.encode("həlˈoʊ");
        assertArrayEquals(new long[] {1, 0, 20, 0, 59, 0, 24, 0, 120, 0, 27, 0, 100, 0, 2}, encoded.ids());
        assertEquals(0, encoded.skipped());
    }

    @Test
    void writesEveryIdOfAPhonemeWithSeveral() {
        assertArrayEquals(new long[] {1, 0, 88, 89, 0, 3, 0, 2}, IDS.encode("ɹ ").ids());
    }

    @Test
    void skipsAndCountsUnknownPhonemes() {
        PhonemeIds.Encoded encoded = IDS.encode("hxə§");
        assertArrayEquals(new long[] {1, 0, 20, 0, 59, 0, 2}, encoded.ids());
        assertEquals(2, encoded.skipped());
    }

    @Test
    void countsASupplementaryCodePointAsOnePhoneme() {
        PhonemeIds.Encoded encoded = IDS.encode("h\uD835\uDD4F");
        assertEquals(1, encoded.skipped());
        assertArrayEquals(new long[] {1, 0, 20, 0, 2}, encoded.ids());
    }

    @Test
    void phonemesWithinTheCapAreOnePiece() {
        PhonemeIds.Pieces pieces = IDS.encode("həlˈoʊ", 15);

        assertEquals(1, pieces.ids().size());
        assertArrayEquals(IDS.encode("həlˈoʊ").ids(), pieces.ids().get(0));
    }

    @Test
    void overLongPhonemesAreSplitAfterAWordWhenOneFits() {
        PhonemeIds.Pieces pieces = IDS.encode("həl həl həl", 13);

        assertEquals(3, pieces.ids().size());
        assertArrayEquals(new long[] {1, 0, 20, 0, 59, 0, 24, 0, 3, 0, 2}, pieces.ids().get(0));
        assertArrayEquals(new long[] {1, 0, 20, 0, 59, 0, 24, 0, 3, 0, 2}, pieces.ids().get(1));
        assertArrayEquals(new long[] {1, 0, 20, 0, 59, 0, 24, 0, 2}, pieces.ids().get(2));
    }

    @Test
    void aWordLongerThanTheCapIsCutAtTheCap() {
        PhonemeIds.Pieces pieces = IDS.encode("həlhəlh§", 9);

        assertEquals(List.of(9, 9, 5), pieces.ids().stream().map(ids -> ids.length).toList());
        assertArrayEquals(new long[] {1, 0, 20, 0, 2}, pieces.ids().get(2));
        assertEquals(1, pieces.skipped());
    }

    @Test
    void noPieceExceedsTheCapAndTogetherTheyKeepEveryPhonemeInOrder() {
        String phonemes = "həlˈoʊ ɹoʊl, həl".repeat(200);
        long[] whole = IDS.encode(phonemes).ids();

        PhonemeIds.Pieces pieces = IDS.encode(phonemes, 64);

        List<Long> joined = new ArrayList<>();
        for (long[] piece : pieces.ids()) {
            assertTrue(piece.length <= 64, "piece of " + piece.length);
            assertEquals(1, piece[0]);
            assertEquals(2, piece[piece.length - 1]);
            for (int i = 2; i < piece.length - 1; i++) {
                joined.add(piece[i]);
            }
        }
        List<Long> expected = new ArrayList<>();
        for (int i = 2; i < whole.length - 1; i++) {
            expected.add(whole[i]);
        }
        assertEquals(expected, joined);
    }

    @Test
    void aPhonemeLongerThanTheCapStillGetsItsOwnPiece() {
        PhonemeIds.Pieces pieces = IDS.encode("ɹɹ", 5);

        assertEquals(2, pieces.ids().size());
        assertArrayEquals(new long[] {1, 0, 88, 89, 0, 2}, pieces.ids().get(0));
    }

    @Test
    void emptyPhonemesAreOnlyStartPadAndEnd() {
        assertArrayEquals(new long[] {1, 0, 2}, IDS.encode("").ids());
        assertEquals(3, IDS.emptyLength());
    }

    @Test
    void keysStandForTheirFirstCodePointAsInPiper() {
        PhonemeIds ids = new PhonemeIds(map("_", new long[] {0}, "^", new long[] {1}, "$", new long[] {2},
                "tʃ", new long[] {7}));
        assertArrayEquals(new long[] {1, 0, 7, 0, 2}, ids.encode("t").ids());
    }

    @Test
    void requiresPadStartAndEnd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PhonemeIds(map("_", new long[] {0}, "^", new long[] {1})));
        assertTrue(e.getMessage().contains("'$'"), e.getMessage());
    }
}
