package io.orator.synthesis.ssml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.synthesis.Markup;
import io.orator.synthesis.ScriptRejectedException;
import io.orator.synthesis.Turn;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SsmlParserTest {

    private static final SsmlParser.Voices VOICES = new SsmlParser.Voices() {
        @Override
        public OptionalInt speakerWith(String voiceId) {
            return voiceId.equals("en-us-m7") ? OptionalInt.of(2) : OptionalInt.empty();
        }

        @Override
        public boolean exists(String voiceId) {
            return Set.of("en-us-m7", "en-gb-f1", "fr-f2").contains(voiceId);
        }
    };

    private final SsmlParser parser = new SsmlParser(4, 10_000, VOICES);

    private Turn only(String ssml) {
        List<Turn> turns = parser.parse("ssml", ssml, 1);
        assertEquals(1, turns.size(), turns.toString());
        return turns.get(0);
    }

    @Test
    void readsTheTextAReaderSeesWithBreaksMarksAndSentenceEnds() {
        Turn turn = only("""
                <speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US">
                  <p><s>Hello   there</s><s>Second <mark name="m1"/>sentence.</s></p>
                  <break time="1.5s"/>After<break strength="weak"/>that.
                </speak>""");

        assertEquals("Hello there Second sentence. After that.", turn.text());
        Markup markup = turn.markup();
        assertEquals(List.of(new Markup.Break(28, 1500, 1), new Markup.Break(34, 500, 2)), markup.breaks());
        assertEquals(List.of(new Markup.Mark(18, "m1", 0)), markup.marks());
        assertTrue(markup.boundaries().containsAll(List.of(new Markup.Boundary(11, false),
                new Markup.Boundary(28, false), new Markup.Boundary(28, true))), markup.boundaries().toString());
        assertEquals(1, turn.speaker());
    }

    @Test
    void nestedProsodyMultipliesRateAndPitchAndAddsVolume() {
        Turn turn = only("<speak>Plain <prosody rate=\"slow\" volume=\"+6dB\">slow "
                + "<prosody rate=\"200%\" pitch=\"+2st\" volume=\"-6dB\">quick</prosody></prosody> end</speak>");

        assertEquals("Plain slow quick end", turn.text());
        List<Markup.Style> styles = turn.markup().styles();
        assertEquals(2, styles.size(), styles.toString());
        assertEquals(new Markup.Style(6, 10, 0.75, 1.0, 6.0, null), styles.get(0));
        Markup.Style quick = styles.get(1);
        assertEquals(11, quick.start());
        assertEquals(16, quick.end());
        assertEquals(1.5, quick.rate(), 1e-9);
        assertEquals(Math.pow(2, 2 / 12.0), quick.pitch(), 1e-9);
        assertEquals(0.0, quick.volumeDb(), 1e-9);
    }

    @Test
    void subSayAsAndPhonemeKeepTheWrittenTextAndSaySomethingElse() {
        Turn turn = only("<speak>The <sub alias=\"World Wide Web\">WWW</sub> has "
                + "<say-as interpret-as=\"cardinal\">1,250</say-as> pages, the "
                + "<say-as interpret-as=\"ordinal\">21st</say-as> on <say-as interpret-as=\"date\" format=\"ymd\">2026-11-29</say-as>, "
                + "call <say-as interpret-as=\"telephone\">+1 555-0100</say-as> for a "
                + "<phoneme alphabet=\"ipa\" ph=\"təˈmeɪtoʊ\">tomato</phoneme>.</speak>");

        assertEquals("The WWW has 1,250 pages, the 21st on 2026-11-29, call +1 555-0100 for a tomato.", turn.text());
        List<Markup.Say> says = turn.markup().says();
        assertEquals(List.of(
                new Markup.Say(4, 7, "World Wide Web", null),
                new Markup.Say(12, 17, "one thousand two hundred fifty", null),
                new Markup.Say(29, 33, "twenty-first", null),
                new Markup.Say(37, 47, "November twenty-ninth, twenty twenty-six", null),
                new Markup.Say(54, 65, "plus one, five five five, zero one zero zero", null),
                new Markup.Say(72, 78, null, "təˈmeɪtoʊ")), says);
        says.forEach(say -> assertTrue(say.end() <= turn.text().length()));
    }

    @Test
    void xSampaPhonemesAreReadAsIpa() {
        Turn turn = only("<speak><phoneme alphabet=\"x-sampa\" ph='t@\"meIt@U'>tomato</phoneme> and "
                + "<phoneme alphabet=\"x-sampa\" ph='\"tS3`tS'>church</phoneme></speak>");
        assertEquals(List.of(new Markup.Say(0, 6, null, "təˈmeɪtəʊ"), new Markup.Say(11, 17, null, "ˈtʃɝtʃ")),
                turn.markup().says());
    }

    @Test
    void voiceNamesASpeakerOrAVoiceAndEachChangeOfSpeakerStartsATurn() {
        List<Turn> turns = parser.parse("ssml", "<speak>Host here. <voice name=\"Speaker 3\">Guest three.</voice> "
                + "<voice name=\"en-us-m7\">Requested voice.</voice> <voice name=\"fr-f2\">Bonjour.</voice> Host again.</speak>", 1);

        assertEquals(List.of(1, 3, 2, -1, 1), turns.stream().map(Turn::speaker).toList());
        SsmlParser.Cast cast = parser.castVoices(turns, Set.of(2), "ssml");
        assertEquals(List.of(1, 3, 2, 4, 1), cast.turns().stream().map(Turn::speaker).toList());
        assertEquals(Map.of(4, "fr-f2"), cast.voices());
    }

    @Test
    void moreVoicesThanSpeakersIsRefused() {
        SsmlParser small = new SsmlParser(2, 10_000, VOICES);
        List<Turn> turns = small.parse("ssml", "<speak>One. <voice name=\"Speaker 2\">Two.</voice>"
                + "<voice name=\"fr-f2\">Trois.</voice></speak>", 1);
        assertThrows(ScriptRejectedException.class, () -> small.castVoices(turns, Set.of(), "ssml"));
    }

    @Test
    void languageAppliesToItsStretch() {
        Turn turn = only("<speak>Say <lang xml:lang=\"fr-FR\">bonjour</lang> now</speak>");
        assertEquals(List.of(new Markup.Style(4, 11, 1, 1, 0, "fr-FR")), turn.markup().styles());
    }

    @Test
    void breaksAndMarksAfterTheLastWordsStayWithTheLastTurn() {
        List<Turn> turns = parser.parse("ssml", "<speak>One. <voice name=\"Speaker 2\">Two.</voice>"
                + "<mark name=\"end\"/><break time=\"2s\"/></speak>", 1);
        assertEquals(2, turns.size());
        assertEquals(List.of(new Markup.Break(4, 2000, 1)), turns.get(1).markup().breaks());
        assertEquals(List.of(new Markup.Mark(4, "end", 0)), turns.get(1).markup().marks());
    }

    @Test
    void plainTextHasNoMarkup() {
        assertNull(only("<speak>Just   words.</speak>").markup());
        assertNull(only("<speak>I <w role=\"amazon:VBD\">read</w> the <token>book</token>.</speak>").markup(),
                "a word element is spoken as written");
    }

    @Test
    void aDoctypeIsRefusedSoExternalEntitiesNeverResolve() {
        SsmlException e = assertThrows(SsmlException.class, () -> parser.parse("ssml", """
                <?xml version="1.0"?>
                <!DOCTYPE speak [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <speak>&secret;</speak>""", 1));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void entityExpansionIsRefusedBeforeItExpands() {
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE speak [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"");
            laughs.append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]>\n<speak>&lol9;</speak>");
        SsmlException e = assertThrows(SsmlException.class, () -> parser.parse("ssml", laughs.toString(), 1));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void anUndeclaredEntityIsAnErrorWithItsPlace() {
        SsmlException e = assertThrows(SsmlException.class, () -> parser.parse("ssml", "<speak>\n  a &nbsp; b</speak>", 1));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("line 2, column "), e.getMessage());
    }

    @Test
    void malformedXmlGivesLineAndColumn() {
        SsmlException e = assertThrows(SsmlException.class, () -> parser.parse("ssml", "<speak>\n<p>Open\n</speak>", 1));
        assertEquals(3, e.line());
        assertTrue(e.column() > 1);
    }

    @Test
    void anUnsupportedElementIsNamedWithItsPlace() {
        SsmlException e = assertThrows(SsmlException.class, () -> parser.parse("ssml",
                "<speak xmlns:mstts=\"http://www.w3.org/2001/mstts\">\n  Hi <mstts:express-as style=\"cheerful\">there</mstts:express-as></speak>", 1));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("<mstts:express-as> is not supported"), e.getMessage());
        assertThrows(SsmlException.class, () -> parser.parse("ssml", "<speak><audio src=\"x.wav\"/></speak>", 1));
    }

    @Test
    void theRootMustBeSpeakAndSpeakOnlyTheRoot() {
        assertThrows(SsmlException.class, () -> parser.parse("ssml", "<p>Hi</p>", 1));
        assertThrows(SsmlException.class, () -> parser.parse("ssml", "<speak><speak>Hi</speak></speak>", 1));
    }

    @Test
    void nestingIsBounded() {
        String deep = "<speak>" + "<prosody>".repeat(SsmlParser.MAX_DEPTH) + "x" + "</prosody>".repeat(SsmlParser.MAX_DEPTH)
                + "</speak>";
        SsmlException e = assertThrows(SsmlException.class, () -> parser.parse("ssml", deep, 1));
        assertTrue(e.getMessage().contains("nest"), e.getMessage());
    }

    @Test
    void sizeAndElementCountAreBounded() {
        ScriptRejectedException long_ = assertThrows(ScriptRejectedException.class,
                () -> parser.parse("ssml", "<speak>" + "a ".repeat(6000) + "</speak>", 1));
        assertEquals(ScriptRejectedException.Kind.TOO_LARGE, long_.kind());
        SsmlParser roomy = new SsmlParser(4, 1_000_000, VOICES);
        ScriptRejectedException many = assertThrows(ScriptRejectedException.class, () -> roomy.parse("ssml",
                "<speak>" + "<break time=\"1ms\"/>".repeat(SsmlParser.MAX_ELEMENTS) + "</speak>", 1));
        assertEquals(ScriptRejectedException.Kind.TOO_LARGE, many.kind());
    }

    @Test
    void badValuesAreExplained() {
        assertFault("<speak>a<break time=\"11s\"/></speak>", "longer than 10s");
        assertFault("<speak>a<break time=\"soon\"/></speak>", "is not a duration");
        assertFault("<speak>a<break strength=\"huge\"/></speak>", "strength 'huge'");
        assertFault("<speak>a<mark/></speak>", "<mark> needs a name");
        assertFault("<speak>a<break>text</break></speak>", "must be empty");
        assertFault("<speak><sub alias=\"x\"><s>y</s></sub></speak>", "may contain only text");
        assertFault("<speak><sub>y</sub></speak>", "needs an alias");
        assertFault("<speak><say-as interpret-as=\"address\">1 Main St</say-as></speak>", "interpret-as must be one of");
        assertFault("<speak><say-as interpret-as=\"cardinal\">many</say-as></speak>", "is not a number");
        assertFault("<speak><say-as interpret-as=\"date\" format=\"mdy\">13/45/2020</say-as></speak>", "is not a date");
        assertFault("<speak><phoneme alphabet=\"x-arpabet\" ph=\"T AH\">the</phoneme></speak>", "alphabet 'x-arpabet'");
        assertFault("<speak><phoneme ph=\"\">the</phoneme></speak>", "needs a ph attribute");
        assertFault("<speak><prosody pitch=\"200Hz\">a</prosody></speak>", "pitch '200Hz'");
        assertFault("<speak><prosody rate=\"0%\">a</prosody></speak>", "leaves nothing to hear");
        assertFault("<speak><lang>a</lang></speak>", "needs an xml:lang");
        assertFault("<speak><lang xml:lang=\"12345\">a</lang></speak>", "not a BCP 47");
        assertFault("<speak><voice name=\"nobody\">a</voice></speak>", "unknown voice 'nobody'");
        assertFault("<speak><voice name=\"Speaker 9\">a</voice></speak>", "speaker 9 is out of range");
        assertFault("<speak>bad \u0085 char</speak>", "control character");
    }

    private void assertFault(String ssml, String expected) {
        SsmlException e = assertThrows(SsmlException.class, () -> parser.parse("ssml", ssml, 1), ssml);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals("ssml", e.violations().get(0).field());
    }
}
