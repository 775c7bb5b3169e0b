package io.orator.synthesis.ssml;

import io.orator.voices.PhoneticSymbols;

/**
 * X-SAMPA, the ASCII phonetic alphabet Amazon Polly's {@code <phoneme alphabet="x-sampa">}
 * takes, in IPA: each symbol (some are two or three characters, {@code r\}, {@code tS}) has one
 * IPA form, longest match first; a character with none is kept as it is.
 */
final class XSampa {

    private static final PhoneticSymbols SYMBOLS = new PhoneticSymbols(new String[][] {
            {"r\\`", "ɻ"}, {"tS", "tʃ"}, {"dZ", "dʒ"}, {"r\\", "ɹ"}, {"R\\", "ʀ"}, {"l`", "ɭ"}, {"n`", "ɳ"},
            {"s`", "ʂ"}, {"z`", "ʐ"}, {"t`", "ʈ"}, {"d`", "ɖ"}, {"@`", "ɚ"}, {"3`", "ɝ"}, {"h\\", "ɦ"},
            {"j\\", "ʝ"}, {"x\\", "ɧ"}, {"?\\", "ʕ"}, {"M\\", "ɰ"}, {"L\\", "ʟ"}, {"G\\", "ɢ"}, {"I\\", "ᵻ"},
            {"U\\", "ᵿ"}, {"@\\", "ɘ"}, {"3\\", "ɞ"}, {"B\\", "ʙ"}, {"J\\", "ɟ"}, {"K\\", "ɮ"}, {"N\\", "ɴ"},
            {"X\\", "ħ"}, {"v\\", "ʋ"}, {"_h", "ʰ"}, {"_j", "ʲ"}, {"_w", "ʷ"}, {"_~", "̃"}, {"_0", "̥"},
            {"=", "̩"}, {"~", "̃"},
            {"\"", "ˈ"}, {"%", "ˌ"}, {":", "ː"}, {":\\", "ˑ"},
            {"@", "ə"}, {"{", "æ"}, {"}", "ʉ"}, {"1", "ɨ"}, {"2", "ø"}, {"3", "ɜ"}, {"6", "ɐ"}, {"7", "ɤ"},
            {"8", "ɵ"}, {"9", "œ"}, {"&", "ɶ"}, {"A", "ɑ"}, {"E", "ɛ"}, {"I", "ɪ"}, {"O", "ɔ"}, {"Q", "ɒ"},
            {"U", "ʊ"}, {"V", "ʌ"}, {"Y", "ʏ"}, {"M", "ɯ"}, {"B", "β"}, {"C", "ç"}, {"D", "ð"}, {"F", "ɱ"},
            {"G", "ɣ"}, {"H", "ɥ"}, {"J", "ɲ"}, {"K", "ɬ"}, {"L", "ʎ"}, {"N", "ŋ"}, {"P", "ʋ"}, {"R", "ʁ"},
            {"S", "ʃ"}, {"T", "θ"}, {"W", "ʍ"}, {"X", "χ"}, {"Z", "ʒ"}, {"4", "ɾ"}, {"5", "ɫ"}, {"?", "ʔ"},
            {"g", "ɡ"}}, true);

    private XSampa() {
    }

    static String toIpa(String xSampa) {
        return SYMBOLS.convert(xSampa);
    }
}
