package io.orator.synthesis;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits a turn's text into {@link Chunk}s of bounded length: at sentence ends first, then at
 * clause boundaries, then between words. Models degrade and memory grows with input length, so
 * the chunk size bounds the cost of one inference call.
 */
public final class SentenceChunker {

    public static final int DEFAULT_MAX_CHARACTERS = 300;

    /** Abbreviations after which a period never ends a sentence. */
    private static final Set<String> TITLES = Set.of(
            "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "ft", "rev", "hon",
            "gen", "gov", "sen", "rep", "capt", "lt", "col", "sgt", "cpl", "adm", "cmdr", "pres",
            "vs", "cf", "approx", "dept", "est", "inc", "ltd", "co", "corp", "bros", "jan", "feb",
            "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");
    /** Abbreviations that end a word only when a number follows: "No. 5", but "I said no. Then". */
    private static final Set<String> BEFORE_NUMBERS = Set.of("no", "nos", "vol", "p", "pp", "fig", "ch", "sec", "art");
    /** "U.S", "e.g", "a.m": letters joined by periods. */
    private static final Pattern DOTTED = Pattern.compile("\\p{L}(\\.\\p{L})+");
    private static final String CLOSERS = "\"'”’»)]}";

    private final int maxCharacters;

    public SentenceChunker(int maxCharacters) {
        if (maxCharacters < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + maxCharacters);
        }
        this.maxCharacters = maxCharacters;
    }

    public SentenceChunker() {
        this(DEFAULT_MAX_CHARACTERS);
    }

    public int maxCharacters() {
        return maxCharacters;
    }

    /** Chunks in reading order; empty for blank text. */
    public List<Chunk> split(String text) {
        List<Chunk> chunks = new ArrayList<>();
        // Breaking between words relies on single ASCII spaces; parsed turns already have them.
        for (String sentence : sentences(ScriptParser.normalize(text))) {
            if (sentence.length() <= maxCharacters) {
                chunks.add(new Chunk(sentence, true));
                continue;
            }
            List<String> pieces = packClauses(sentence);
            for (int i = 0; i < pieces.size(); i++) {
                chunks.add(new Chunk(pieces.get(i), i == pieces.size() - 1));
            }
        }
        return chunks;
    }

    /** Sentences with their closing punctuation, trimmed, never empty. */
    private static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (!isTerminator(c)) {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < n && (isTerminator(text.charAt(end)) || CLOSERS.indexOf(text.charAt(end)) >= 0)) {
                end++;
            }
            if (endsSentence(text, i, end)) {
                addTrimmed(sentences, text.substring(start, end));
                start = end;
            }
            i = end;
        }
        addTrimmed(sentences, text.substring(start));
        return sentences;
    }

    private static boolean isTerminator(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…' || c == '。' || c == '！' || c == '？';
    }

    /** Decides whether the terminator run {@code text[first, end)} ends a sentence. */
    private static boolean endsSentence(String text, int first, int end) {
        char last = text.charAt(end - 1);
        if (isCjk(text.charAt(first)) || end >= text.length()) {
            return true;
        }
        if (!Character.isWhitespace(text.charAt(end))) {
            // "3.14", "e.g.," or "example.com": the period is inside a token.
            return false;
        }
        int next = nextNonSpace(text, end);
        if (text.charAt(first) != '.' || last == '!' || last == '?') {
            return true;
        }
        if (next < text.length() && Character.isLowerCase(text.codePointAt(next))) {
            return false;
        }
        String word = wordBefore(text, first).toLowerCase(Locale.ROOT);
        if (end - first > 1 || word.isEmpty()) {
            return true;
        }
        if (TITLES.contains(word) || DOTTED.matcher(word).matches()) {
            return false;
        }
        if (word.length() == 1 && Character.isUpperCase(text.charAt(first - 1))) {
            // An initial, as in "John F. Kennedy".
            return false;
        }
        return !(BEFORE_NUMBERS.contains(word) && next < text.length() && Character.isDigit(text.charAt(next)));
    }

    private static boolean isCjk(char c) {
        return c == '。' || c == '！' || c == '？';
    }

    private static int nextNonSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The token right before {@code index}, without leading quotes or brackets. */
    private static String wordBefore(String text, int index) {
        int start = index;
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            start--;
        }
        while (start < index && !Character.isLetterOrDigit(text.charAt(start))) {
            start++;
        }
        return text.substring(start, index);
    }

    /** Splits an over-long sentence at clause boundaries and packs the clauses greedily. */
    private List<String> packClauses(String sentence) {
        List<String> chunks = new ArrayList<>();
        StringBuilder pack = new StringBuilder();
        for (String clause : clauses(sentence)) {
            if (clause.length() > maxCharacters) {
                addTrimmed(chunks, pack.toString());
                pack.setLength(0);
                splitBetweenWords(clause, chunks);
            } else if (pack.length() == 0) {
                pack.append(clause);
            } else if (pack.length() + 1 + clause.length() <= maxCharacters) {
                pack.append(' ').append(clause);
            } else {
                chunks.add(pack.toString());
                pack.setLength(0);
                pack.append(clause);
            }
        }
        addTrimmed(chunks, pack.toString());
        return chunks;
    }

    /** Clauses ending with their punctuation; commas inside numbers ("3,000", "10:30") do not count. */
    private static List<String> clauses(String sentence) {
        List<String> clauses = new ArrayList<>();
        int start = 0;
        int n = sentence.length();
        for (int i = 0; i < n; i++) {
            char c = sentence.charAt(i);
            boolean followedBySpace = i + 1 < n && Character.isWhitespace(sentence.charAt(i + 1));
            boolean boundary = switch (c) {
                case ',', ';', ':', '–' -> followedBySpace;
                case '—', '，', '、', '；', '：' -> true;
                default -> false;
            };
            if (boundary) {
                addTrimmed(clauses, sentence.substring(start, i + 1));
                start = i + 1;
            }
        }
        addTrimmed(clauses, sentence.substring(start));
        return clauses;
    }

    /**
     * Last resort: break at the last space that fits; a word longer than the limit is cut at the
     * limit (between user-perceived characters), because one engine call must never see more.
     */
    private void splitBetweenWords(String text, List<String> chunks) {
        BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
        characters.setText(text);
        int start = 0;
        while (text.length() - start > maxCharacters) {
            int limit = start + maxCharacters;
            int space = text.lastIndexOf(' ', limit);
            int cut;
            int next;
            if (space > start) {
                cut = space;
                next = space + 1;
            } else {
                cut = longWordCut(text, characters, start, limit);
                next = cut;
            }
            addTrimmed(chunks, text.substring(start, cut));
            start = next;
        }
        addTrimmed(chunks, text.substring(start));
    }

    /**
     * Where to cut a word that does not fit: the last character boundary at or before
     * {@code limit}, so a letter keeps its accents and a surrogate pair stays whole; a single
     * "character" longer than the limit (a base letter with thousands of combining marks) is cut
     * between code points.
     */
    private static int longWordCut(String text, BreakIterator characters, int start, int limit) {
        int boundary = characters.preceding(limit + 1);
        if (boundary > start) {
            return boundary;
        }
        if (!Character.isLowSurrogate(text.charAt(limit))) {
            return limit;
        }
        // A limit of one code unit still has to take a whole surrogate pair to move on.
        return limit - 1 > start ? limit - 1 : limit + 1;
    }

    private static void addTrimmed(List<String> out, String piece) {
        String trimmed = piece.trim();
        if (!trimmed.isEmpty()) {
            out.add(trimmed);
        }
    }
}
