package io.orator.synthesis;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a VibeVoice-style script ({@code Speaker N: text} lines) or a list of turns into
 * validated, normalized {@link Turn}s, or explains precisely why it cannot.
 */
public final class ScriptParser {

    private static final String SCRIPT = "script";
    private static final String TURNS = "turns";
    /** Enough to show a client what is wrong without echoing a whole hostile script back. */
    private static final int MAX_REPORTED = 10;
    /** A full-width colon is what CJK keyboards type after a tag. */
    private static final Pattern TAG =
            Pattern.compile("^\\s*speaker\\s*(\\d+)\\s*[:\uFF1A]", Pattern.CASE_INSENSITIVE);
    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|\\r|\\n");

    private final ScriptLimits limits;

    public ScriptParser(ScriptLimits limits) {
        this.limits = limits;
    }

    public ScriptParser() {
        this(ScriptLimits.DEFAULTS);
    }

    /** Parses the {@code script} form. */
    public ParsedScript parse(String script) {
        List<ScriptViolation> violations = new ArrayList<>();
        if (script == null || script.isBlank()) {
            throw invalid(List.of(new ScriptViolation(SCRIPT, "script is empty")));
        }
        if (script.charAt(0) == '\uFEFF') {
            script = script.substring(1);
        }
        findForbiddenCharacters(script, SCRIPT, true, violations);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }

        List<Turn> raw = new ArrayList<>();
        int currentSpeaker = 1;
        StringBuilder current = null;
        boolean sawTag = false;
        String[] lines = LINE_BREAK.split(script, -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher tag = TAG.matcher(line);
            if (tag.find()) {
                sawTag = true;
                int speaker = speakerNumber(tag.group(1));
                if (!inRange(speaker)) {
                    report(violations, new ScriptViolation(SCRIPT, "line " + (i + 1) + ": speaker "
                            + tag.group(1) + " is out of range 1.." + limits.maxSpeakers()));
                }
                if (current != null) {
                    raw.add(new Turn(currentSpeaker, current.toString()));
                }
                currentSpeaker = speaker;
                current = new StringBuilder(line.substring(tag.end()));
            } else if (!line.isBlank()) {
                // Text before the first tag belongs to speaker 1, like a script with no tags at all.
                if (current == null) {
                    current = new StringBuilder(line);
                } else {
                    current.append(' ').append(line);
                }
            }
        }
        if (current != null) {
            raw.add(new Turn(currentSpeaker, current.toString()));
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return build(raw, SCRIPT, sawTag
                ? "script contains only speaker tags and no text"
                : "script is empty");
    }

    /** Parses the {@code turns} form, with the same normalization and limits as {@link #parse}. */
    public ParsedScript parseTurns(List<Turn> turns) {
        if (turns == null || turns.isEmpty()) {
            throw invalid(List.of(new ScriptViolation(TURNS, "at least one turn is required")));
        }
        List<ScriptViolation> violations = new ArrayList<>();
        List<Turn> raw = new ArrayList<>(turns.size());
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            String field = TURNS + "[" + i + "]";
            if (turn == null) {
                report(violations, new ScriptViolation(field, field + " is missing"));
                continue;
            }
            if (!inRange(turn.speaker())) {
                report(violations, new ScriptViolation(field + ".speaker", "speaker " + turn.speaker()
                        + " is out of range 1.." + limits.maxSpeakers()));
            }
            String text = turn.text() == null ? "" : turn.text();
            findForbiddenCharacters(text, field + ".text", false, violations);
            raw.add(new Turn(turn.speaker(), text));
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return build(raw, TURNS, "turns contain no text");
    }

    /**
     * Applies the same checks and limits to turns read from SSML, already normalized and with
     * their markup; speakers must be in range.
     */
    public ParsedScript parseMarked(List<Turn> turns, String field) {
        List<ScriptViolation> violations = new ArrayList<>();
        for (Turn turn : turns) {
            if (!inRange(turn.speaker())) {
                report(violations, new ScriptViolation(field, "speaker " + turn.speaker()
                        + " is out of range 1.." + limits.maxSpeakers()));
            }
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return build(turns, field, field + " has no text to speak", false);
    }

    private ParsedScript build(List<Turn> raw, String field, String noTextMessage) {
        return build(raw, field, noTextMessage, true);
    }

    /** Normalizes (unless the text is already, and markup points into it), drops empty turns and applies the size limits. */
    private ParsedScript build(List<Turn> raw, String field, String noTextMessage, boolean normalize) {
        List<Turn> turns = new ArrayList<>(raw.size());
        Set<Integer> speakers = new LinkedHashSet<>();
        long characters = 0;
        for (Turn turn : raw) {
            String text = normalize ? normalize(turn.text()) : turn.text();
            if (text.isEmpty()) {
                continue;
            }
            turns.add(normalize ? new Turn(turn.speaker(), text) : turn);
            speakers.add(turn.speaker());
            characters += text.codePointCount(0, text.length());
        }
        if (turns.isEmpty()) {
            throw invalid(List.of(new ScriptViolation(field, noTextMessage)));
        }
        // A turn of only "…" inside a dialogue is a beat, heard as the pauses around it; a script
        // of nothing but punctuation would be a file of silence, which no one asks for.
        if (turns.stream().noneMatch(turn -> isSpeakable(turn.text()))) {
            throw invalid(List.of(new ScriptViolation(field, field
                    + " has nothing to speak: it needs letters or digits, not only punctuation or symbols")));
        }
        List<ScriptViolation> tooLarge = new ArrayList<>();
        if (characters > limits.maxCharacters()) {
            tooLarge.add(new ScriptViolation(field, String.format(Locale.ROOT,
                    "the text has %,d characters; the limit is %,d", characters, limits.maxCharacters())));
        }
        if (turns.size() > limits.maxTurns()) {
            tooLarge.add(new ScriptViolation(field, String.format(Locale.ROOT,
                    "there are %,d turns; the limit is %,d", turns.size(), limits.maxTurns())));
        }
        if (!tooLarge.isEmpty()) {
            throw new ScriptRejectedException(ScriptRejectedException.Kind.TOO_LARGE, tooLarge);
        }
        return new ParsedScript(turns, new ArrayList<>(speakers), (int) characters);
    }

    /** Whether {@code text} has a letter or a number in any script: something an engine can say. */
    static boolean isSpeakable(String text) {
        return text.codePoints().anyMatch(cp -> Character.isLetterOrDigit(cp)
                || Character.getType(cp) == Character.LETTER_NUMBER || Character.getType(cp) == Character.OTHER_NUMBER);
    }

    /** NFC, every run of Unicode whitespace to one space, trimmed. */
    public static String normalize(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        boolean pendingSpace = false;
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            if (isSpace(cp)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /**
     * Reports control characters, unpaired surrogates and U+FFFD (what invalid UTF-8 decodes
     * to): they mean the text was damaged on the way, and engines choke on them.
     */
    private static void findForbiddenCharacters(String text, String field, boolean withLines,
                                                List<ScriptViolation> violations) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            int cp = text.codePointAt(i);
            String what = forbidden(cp);
            if (what != null) {
                String where = withLines ? "line " + line + ", column " + column : "column " + column;
                if (!report(violations, new ScriptViolation(field, String.format(Locale.ROOT,
                        "%s contains %s at %s%s", field, what, where, hintFor(cp))))) {
                    return;
                }
            }
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else if (c != '\r') {
                column++;
            }
            i += Character.charCount(cp);
        }
    }

    /**
     * What is wrong with a character no text may hold, as a phrase naming it
     * ({@code a control character (U+0085)}), or {@code null} for a character that may stand:
     * control characters, unpaired surrogates and U+FFFD mean the text was damaged on the way,
     * and engines choke on them.
     */
    public static String forbidden(int cp) {
        String what;
        if (Character.isSurrogate((char) cp) && Character.isBmpCodePoint(cp)) {
            what = "an unpaired surrogate";
        } else if (isForbiddenControl(cp)) {
            what = "a control character";
        } else if (cp == 0xFFFD) {
            what = "a replacement character";
        } else {
            return null;
        }
        return String.format(Locale.ROOT, "%s (U+%04X)", what, cp);
    }

    /** What to add to the report of a forbidden character: where it usually comes from, if that is known. */
    public static String hintFor(int cp) {
        return cp == 0xFFFD ? ", usually left by text that was not valid UTF-8" : "";
    }

    /** Whether a character separates words: Unicode whitespace or a space character. */
    public static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static boolean isForbiddenControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
    }

    private boolean inRange(int speaker) {
        return speaker >= 1 && speaker <= limits.maxSpeakers();
    }

    /** A number too long for an int is out of range anyway. */
    private static int speakerNumber(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException tooLong) {
            return Integer.MAX_VALUE;
        }
    }

    /** Adds a violation unless enough were reported already; answers whether to keep looking. */
    private static boolean report(List<ScriptViolation> violations, ScriptViolation violation) {
        if (violations.size() < MAX_REPORTED) {
            violations.add(violation);
        }
        return violations.size() < MAX_REPORTED;
    }

    private static ScriptRejectedException invalid(List<ScriptViolation> violations) {
        return new ScriptRejectedException(ScriptRejectedException.Kind.INVALID, violations);
    }
}
