package io.orator.voices;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One phonetic alphabet written in another, symbol by symbol: symbols may be several characters
 * ({@code tʃ}, {@code r\}), so the longest one that matches is taken first.
 */
public final class PhoneticSymbols {

    private final Map<String, String> written = new LinkedHashMap<>();
    private final boolean keepUnknown;
    private int longest = 1;

    /**
     * @param pairs       each symbol and how it is written in the other alphabet
     * @param keepUnknown whether a character with no entry is kept as it is, or left out
     */
    public PhoneticSymbols(String[][] pairs, boolean keepUnknown) {
        for (String[] pair : pairs) {
            written.put(pair[0], pair[1]);
            longest = Math.max(longest, pair[0].length());
        }
        this.keepUnknown = keepUnknown;
    }

    public String convert(String symbols) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < symbols.length(); ) {
            String match = null;
            int length = Math.min(longest, symbols.length() - i);
            for (; length > 0; length--) {
                match = written.get(symbols.substring(i, i + length));
                if (match != null) {
                    break;
                }
            }
            if (match != null) {
                out.append(match);
                i += length;
            } else {
                int unknown = Character.charCount(symbols.codePointAt(i));
                if (keepUnknown) {
                    out.append(symbols, i, i + unknown);
                }
                i += unknown;
            }
        }
        return out.toString();
    }
}
