package io.orator.voices.piper;

import java.util.LinkedHashMap;
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
