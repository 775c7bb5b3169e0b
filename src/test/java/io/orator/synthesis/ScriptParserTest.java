package io.orator.synthesis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptParserTest {

    private final ScriptParser parser = new ScriptParser();

    @Test
    void parsesTaggedLinesIntoTurns() {
        ParsedScript script = parser.parse("Speaker 1: Welcome back to the show.\nSpeaker 2: Glad to be here.");

        assertEquals(List.of(new Turn(1, "Welcome back to the show."), new Turn(2, "Glad to be here.")),
                script.turns());
        assertEquals(List.of(1, 2), script.speakers());
        assertEquals(25 + 16, script.characters());
    }

    @Test
    void tagIsCaseInsensitiveAndToleratesSpaces() {
        ParsedScript script = parser.parse("  SPEAKER 2 : Hello.\nspeaker3:Hi.\nSpeaker 4\uFF1A Hey.");

        assertEquals(List.of(new Turn(2, "Hello."), new Turn(3, "Hi."), new Turn(4, "Hey.")), script.turns());
    }

    @Test
    void untaggedLineContinuesThePreviousTurn() {
        ParsedScript script = parser.parse("Speaker 1: First line\nsecond line\n\nSpeaker 2: Reply.");

        assertEquals(List.of(new Turn(1, "First line second line"), new Turn(2, "Reply.")), script.turns());
    }

    @Test
    void untaggedScriptIsOneTurnOfSpeakerOne() {
        ParsedScript script = parser.parse("Just some text.\r\nAnd more text.");

        assertEquals(List.of(new Turn(1, "Just some text. And more text.")), script.turns());
        assertEquals(List.of(1), script.speakers());
    }

    @Test
    void textBeforeTheFirstTagBelongsToSpeakerOne() {
        ParsedScript script = parser.parse("Intro.\nSpeaker 2: Hello.");

        assertEquals(List.of(new Turn(1, "Intro."), new Turn(2, "Hello.")), script.turns());
    }

    @Test
    void consecutiveTagsOfOneSpeakerStaySeparateTurns() {
        ParsedScript script = parser.parse("Speaker 1: One.\nSpeaker 1: Two.");

        assertEquals(2, script.turns().size());
        assertEquals(List.of(1), script.speakers());
    }

    @Test
    void speakersAreListedInOrderOfAppearance() {
        ParsedScript script = parser.parse("Speaker 3: a\nSpeaker 1: b\nSpeaker 3: c\nSpeaker 2: d");

        assertEquals(List.of(3, 1, 2), script.speakers());
    }

    @Test
    void normalizesToNfcAndCollapsesWhitespace() {
        ParsedScript script = parser.parse("Speaker 1:   Cafe\u0301 \t au\u00A0\u00A0lait  \u2003 ");

        assertEquals("Caf\u00E9 au lait", script.turns().get(0).text());
        assertEquals(12, script.characters());
    }

    @Test
    void leadingByteOrderMarkIsIgnored() {
        assertEquals(List.of(new Turn(2, "Hi.")), parser.parse("\uFEFFSpeaker 2: Hi.").turns());
    }

    @Test
    void charactersCountCodePointsNotTags() {
        ParsedScript script = parser.parse("Speaker 1: \uD83D\uDE00 ok");

        assertEquals(4, script.characters());
    }

    @Test
    void emptyTurnIsDropped() {
        ParsedScript script = parser.parse("Speaker 1:\nSpeaker 2: Only me.");

        assertEquals(List.of(new Turn(2, "Only me.")), script.turns());
        assertEquals(List.of(2), script.speakers());
    }

    @Test
    void rejectsEmptyScript() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class, () -> parser.parse(" \n\t "));

        assertEquals(ScriptRejectedException.Kind.INVALID, e.kind());
        assertEquals(List.of(new ScriptViolation("script", "script is empty")), e.violations());
        assertThrows(ScriptRejectedException.class, () -> parser.parse((String) null));
    }

    @Test
    void rejectsScriptMadeOnlyOfTags() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> parser.parse("Speaker 1:\nSpeaker 2:   \n"));

        assertEquals(ScriptRejectedException.Kind.INVALID, e.kind());
        assertEquals("script contains only speaker tags and no text", e.violations().get(0).message());
    }

    @Test
    void rejectsAScriptOfOnlyPunctuationAndSymbols() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> parser.parse("Speaker 1: ... !!! ???\nSpeaker 2: — ★ ♪ %$# 🙂"));

        assertEquals(ScriptRejectedException.Kind.INVALID, e.kind());
        assertEquals("script", e.violations().get(0).field());
        assertTrue(e.violations().get(0).message().contains("nothing to speak"), e.violations().toString());
    }

    @Test
    void rejectsTurnsOfOnlyPunctuationNamingTheTurnsField() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> parser.parseTurns(List.of(new Turn(1, "…"), new Turn(2, "?!"))));

        assertEquals("turns", e.violations().get(0).field());
    }

    @Test
    void lettersAndDigitsOfAnyScriptAreSpeakable() {
        for (String text : List.of("a", "7", "é", "я", "你", "ع", "क", "ß", "٣", "Ⅻ", "½", "日本")) {
            assertEquals(1, parser.parse("Speaker 1: ... " + text + " !").turns().size(), text);
        }
    }

    @Test
    void keepsAPunctuationOnlyTurnInsideAScriptThatSpeaksAsABeat() {
        ParsedScript script = parser.parse("Speaker 1: Are you there?\nSpeaker 2: …\nSpeaker 1: Hello?");

        assertEquals(List.of(new Turn(1, "Are you there?"), new Turn(2, "…"), new Turn(1, "Hello?")), script.turns());
        assertEquals(List.of(1, 2), script.speakers());
    }

    @Test
    void rejectsFiveSpeakers() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> parser.parse("Speaker 1: a\nSpeaker 2: b\nSpeaker 5: c"));

        assertEquals(List.of(new ScriptViolation("script", "line 3: speaker 5 is out of range 1..4")),
                e.violations());
        assertEquals(ScriptRejectedException.Kind.INVALID, e.kind());
    }

    @Test
    void rejectsSpeakerZeroAndAbsurdNumbers() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> parser.parse("Speaker 0: a\nSpeaker 99999999999999: b"));

        assertEquals(List.of(
                new ScriptViolation("script", "line 1: speaker 0 is out of range 1..4"),
                new ScriptViolation("script", "line 2: speaker 99999999999999 is out of range 1..4")),
                e.violations());
    }

    @Test
    void maxSpeakersIsConfigurable() {
        ScriptParser two = new ScriptParser(new ScriptLimits(2, 1000, 100));

        assertThrows(ScriptRejectedException.class, () -> two.parse("Speaker 3: no"));
        assertEquals(2, two.parse("Speaker 1: a\nSpeaker 2: b").speakers().size());
    }

    @Test
    void rejectsControlCharacterNamingItsPosition() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> parser.parse("Speaker 1: fine\nabcd\u0007efg"));

        assertEquals(List.of(new ScriptViolation("script",
                "script contains a control character (U+0007) at line 2, column 5")), e.violations());
    }

    @Test
    void rejectsDeleteAndC1Controls() {
        assertThrows(ScriptRejectedException.class, () -> parser.parse("a\u007Fb"));
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class, () -> parser.parse("a\r\nb\u0085"));
        assertEquals("script contains a control character (U+0085) at line 2, column 2",
                e.violations().get(0).message());
    }

    @Test
    void acceptsTabsAndLineBreaks() {
        assertEquals("a b c d", parser.parse("a\tb\rc\r\nd").turns().get(0).text());
    }

    @Test
    void rejectsReplacementCharacterFromInvalidUtf8() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class, () -> parser.parse("caf\uFFFD"));

        assertEquals("script contains a replacement character (U+FFFD) at line 1, column 4, "
                + "usually left by text that was not valid UTF-8", e.violations().get(0).message());
    }

    @Test
    void rejectsUnpairedSurrogate() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class, () -> parser.parse("x\uD800y"));

        assertEquals("script contains an unpaired surrogate (U+D800) at line 1, column 2",
                e.violations().get(0).message());
    }

    @Test
    void columnsCountCharactersNotCodeUnits() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> parser.parse("\uD83D\uDE00\u0001"));

        assertEquals("script contains a control character (U+0001) at line 1, column 2",
                e.violations().get(0).message());
    }

    @Test
    void reportsAtMostTenViolations() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> parser.parse("\u0001".repeat(50)));

        assertEquals(10, e.violations().size());
    }

    @Test
    void rejectsTooManyCharactersAsTooLarge() {
        ScriptParser small = new ScriptParser(new ScriptLimits(4, 10, 100));

        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> small.parse("Speaker 1: 12345\nSpeaker 2: 678901"));

        assertEquals(ScriptRejectedException.Kind.TOO_LARGE, e.kind());
        assertEquals(List.of(new ScriptViolation("script", "the text has 11 characters; the limit is 10")),
                e.violations());
    }

    @Test
    void limitCountsTextAfterNormalizationWithoutTags() {
        ScriptParser small = new ScriptParser(new ScriptLimits(4, 10, 100));

        assertEquals(10, small.parse("Speaker 1:    12345     \n\n   Speaker 2:  67890  ").characters());
    }

    @Test
    void rejectsTooManyTurns() {
        ScriptParser small = new ScriptParser(new ScriptLimits(4, 100_000, 3));

        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> small.parse("Speaker 1: a\nSpeaker 2: b\nSpeaker 1: c\nSpeaker 2: d"));

        assertEquals(ScriptRejectedException.Kind.TOO_LARGE, e.kind());
        assertEquals("there are 4 turns; the limit is 3", e.violations().get(0).message());
    }

    @Test
    void parsesAHundredThousandCharacterScript() {
        String sentences = "The quick brown fox jumps over the lazy dog, again and again. "
                + "Dr. Smith measured 3.14 meters!";
        StringBuilder text = new StringBuilder();
        int lines = ScriptLimits.DEFAULT_MAX_CHARACTERS / sentences.length();
        for (int line = 0; line < lines; line++) {
            text.append("Speaker ").append(line % 4 + 1).append(": ").append(sentences).append('\n');
        }
        ParsedScript script = parser.parse(text.toString());

        assertEquals(lines * sentences.length(), script.characters());
        assertEquals(4, script.speakers().size());
    }

    @Test
    void buildsFromTurnsWithTheSameNormalization() {
        ParsedScript script = parser.parseTurns(List.of(new Turn(2, "  Hello\n  there "), new Turn(1, "Cafe\u0301")));

        assertEquals(List.of(new Turn(2, "Hello there"), new Turn(1, "Caf\u00E9")), script.turns());
        assertEquals(List.of(2, 1), script.speakers());
    }

    @Test
    void turnsFormNamesTheFieldAtFault() {
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> parser.parseTurns(List.of(new Turn(1, "ok"), new Turn(7, "x\u0002"))));

        assertEquals(List.of(
                new ScriptViolation("turns[1].speaker", "speaker 7 is out of range 1..4"),
                new ScriptViolation("turns[1].text", "turns[1].text contains a control character (U+0002) at column 2")),
                e.violations());
    }

    @Test
    void turnsFormDropsEmptyTurnsButRejectsAllEmpty() {
        assertEquals(1, parser.parseTurns(List.of(new Turn(1, " "), new Turn(2, "hi"))).turns().size());

        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> parser.parseTurns(List.of(new Turn(1, " "), new Turn(2, null))));
        assertEquals(List.of(new ScriptViolation("turns", "turns contain no text")), e.violations());
        assertThrows(ScriptRejectedException.class, () -> parser.parseTurns(List.of()));
    }

    @Test
    void turnsFormAppliesSizeLimits() {
        ScriptParser small = new ScriptParser(new ScriptLimits(4, 3, 100));

        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> small.parseTurns(List.of(new Turn(1, "abcd"))));
        assertEquals(ScriptRejectedException.Kind.TOO_LARGE, e.kind());
        assertEquals("turns", e.violations().get(0).field());
    }
}
