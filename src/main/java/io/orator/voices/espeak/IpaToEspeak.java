package io.orator.voices.espeak;

import io.orator.voices.PhoneticSymbols;
import java.text.Normalizer;

/**
 * IPA, as SSML's {@code <phoneme alphabet="ipa">} gives it, in espeak-ng's phoneme names for
 * its {@code [[...]]} input. espeak-ng reads phonemes only in its own ASCII names, which follow
 * Kirshenbaum's ASCII-IPA: each IPA symbol (or diphthong, or affricate) has one name, longest
 * match first. Symbols with no name here (rare diacritics, tones) are left out.
 */
final class IpaToEspeak {

    private static final PhoneticSymbols SYMBOLS = new PhoneticSymbols(new String[][] {
            {"tʃ", "tS"}, {"t͡ʃ", "tS"}, {"dʒ", "dZ"}, {"d͡ʒ", "dZ"}, {"eɪ", "eI"}, {"aɪ", "aI"}, {"ɔɪ", "OI"},
            {"aʊ", "aU"}, {"oʊ", "oU"}, {"əʊ", "@U"}, {"ɪə", "i@"}, {"eə", "e@"}, {"ɛə", "e@"}, {"ʊə", "U@"},
            {"ɜː", "3:"}, {"ɑː", "A:"}, {"ɔː", "O:"}, {"iː", "i:"}, {"uː", "u:"}, {"ɝ", "3:"}, {"ɚ", "3"},
            {"ə", "@"}, {"ɪ", "I"}, {"ʊ", "U"}, {"ɛ", "E"}, {"æ", "a"}, {"ʌ", "V"}, {"ɑ", "A:"}, {"ɒ", "0"},
            {"ɔ", "O:"}, {"i", "i:"}, {"u", "u:"}, {"e", "e"}, {"o", "o"}, {"a", "a"}, {"ɐ", "a#"}, {"ɨ", "i#"},
            {"y", "y"}, {"ø", "Y"}, {"œ", "W"}, {"ɯ", "u-"}, {"ɜ", "3"},
            {"θ", "T"}, {"ð", "D"}, {"ʃ", "S"}, {"ʒ", "Z"}, {"ŋ", "N"}, {"ɹ", "r"}, {"r", "r"}, {"ɾ", "*"},
            {"ʁ", "r"}, {"j", "j"}, {"w", "w"}, {"h", "h"}, {"ɡ", "g"}, {"g", "g"}, {"x", "x"}, {"ç", "C"},
            {"ɲ", "n^"}, {"ʎ", "l^"}, {"β", "B"}, {"ɣ", "Q"}, {"χ", "X"}, {"ʔ", "?"}, {"ɫ", "l"}, {"l", "l"},
            {"m", "m"}, {"n", "n"}, {"p", "p"}, {"b", "b"}, {"t", "t"}, {"d", "d"}, {"k", "k"}, {"f", "f"},
            {"v", "v"}, {"s", "s"}, {"z", "z"}, {"ɱ", "m"},
            {"ˈ", "'"}, {"ˌ", ","}, {"ː", ":"}, {"ˑ", ""}, {".", ""}, {" ", "_"}}, false);

    private IpaToEspeak() {
    }

    /** espeak-ng's phoneme names for {@code ipa}, without the brackets. */
    static String convert(String ipa) {
        return SYMBOLS.convert(Normalizer.normalize(ipa, Normalizer.Form.NFC));
    }
}
