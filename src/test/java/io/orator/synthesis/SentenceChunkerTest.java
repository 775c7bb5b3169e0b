package io.orator.synthesis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentenceChunkerTest {

    private final SentenceChunker chunker = new SentenceChunker();

    private List<String> texts(SentenceChunker chunker, String text) {
        return chunker.split(text).stream().map(Chunk::text).toList();
    }

    @Test
    void splitsAtSentenceEndsKeepingPunctuation() {
        assertEquals(List.of(new Chunk("Hello there.", true), new Chunk("How are you?", true),
                        new Chunk("Great!", true), new Chunk("Well…", true), new Chunk("Fine", true)),
                chunker.split("Hello there. How are you? Great! Well… Fine"));
    }

    @Test
    void keepsClosingQuotesWithTheSentence() {
        assertEquals(List.of("He said \"stop.\"", "(Then he left.)", "Done."),
                texts(chunker, "He said \"stop.\" (Then he left.) Done."));
    }

    @Test
    void splitsCjkSentencesWithoutSpaces() {
        assertEquals(List.of("你好。", "你好吗？", "很好！"), texts(chunker, "你好。你好吗？很好！"));
    }

    @Test
    void doesNotSplitDecimalsOrAbbreviations() {
        assertEquals(List.of("Dr. Smith and Mr. Jones paid $3.14 in the U.S. on Jan. 5th.",
                        "Use e.g. this or i.e. that, etc. and so on.", "See No. 5 now."),
                texts(chunker, "Dr. Smith and Mr. Jones paid $3.14 in the U.S. on Jan. 5th. "
                        + "Use e.g. this or i.e. that, etc. and so on. See No. 5 now."));
    }

    @Test
    void keepsInitialsWithTheName() {
        assertEquals(List.of("John F. Kennedy spoke.", "Then he left."),
                texts(chunker, "John F. Kennedy spoke. Then he left."));
    }

    @Test
    void periodBeforeALowercaseWordDoesNotEndASentence() {
        assertEquals(List.of("It weighs approx. two tons... and more."),
                texts(chunker, "It weighs approx. two tons... and more."));
    }

    @Test
    void abbreviationLikeWordsStillEndSentencesWhenTheyEndThem() {
        assertEquals(List.of("I said no.", "Then we had apples, pears, etc.", "Fine."),
                texts(chunker, "I said no. Then we had apples, pears, etc. Fine."));
    }

    @Test
    void longSentenceIsSplitAtClauseBoundaries() {
        SentenceChunker small = new SentenceChunker(30);

        List<Chunk> chunks = small.split("First part of it, second part of it; third part: the end. Next.");

        assertEquals(List.of(new Chunk("First part of it,", false), new Chunk("second part of it; third part:", false),
                new Chunk("the end.", true), new Chunk("Next.", true)), chunks);
    }

    @Test
    void clausesArePackedUpToTheLimit() {
        SentenceChunker small = new SentenceChunker(20);

        assertEquals(List.of("a, b, c, d, e, f, g,", "h, i, j."), texts(small, "a, b, c, d, e, f, g, h, i, j."));
    }

    @Test
    void numbersWithSeparatorsAreNotClauseBoundaries() {
        SentenceChunker small = new SentenceChunker(12);

        assertEquals(List.of("It is 3,000", "at 10:30", "today."), texts(small, "It is 3,000 at 10:30 today."));
    }

    @Test
    void dashesAreClauseBoundaries() {
        SentenceChunker small = new SentenceChunker(15);

        assertEquals(List.of("We waited—", "and waited –", "for hours."), texts(small, "We waited—and waited – for hours."));
    }

    @Test
    void splitsAtLastSpaceWhenNoClauseBoundaryFits() {
        SentenceChunker small = new SentenceChunker(10);

        List<Chunk> chunks = small.split("one two three four five six.");

        assertEquals(List.of(new Chunk("one two", false), new Chunk("three four", false),
                new Chunk("five six.", true)), chunks);
    }

    @Test
    void breaksBetweenWordsAndCutsOnlyWordsLongerThanTheLimit() {
        SentenceChunker small = new SentenceChunker(8);
        String text = "Supercalifragilistic words are long, antidisestablishmentarianism too. Ok.";

        List<String> chunks = texts(small, text);

        assertEquals(List.of("Supercal", "ifragili", "stic", "words", "are", "long,", "antidise", "stablish",
                "mentaria", "nism", "too.", "Ok."), chunks);
    }

    @Test
    void aHundredThousandLetterWordBecomesChunksWithinTheLimit() {
        String word = "a".repeat(100_000);

        List<String> chunks = texts(chunker, word);

        chunks.forEach(c -> assertTrue(c.length() <= SentenceChunker.DEFAULT_MAX_CHARACTERS, "" + c.length()));
        assertEquals(word, String.join("", chunks), "every letter is spoken, in order");
        assertEquals(334, chunks.size());
    }

    @Test
    void cutsALongWordBetweenCharactersNeverInsideOne() {
        // q + combining acute (no precomposed form, so NFC keeps two code units) and an emoji outside the BMP.
        String word = "q\u0301\uD83D\uDE00".repeat(50);

        List<String> chunks = texts(new SentenceChunker(5), word);

        chunks.forEach(c -> {
            assertTrue(c.length() <= 5, c);
            assertFalse(Character.isLowSurrogate(c.charAt(0)), "a surrogate pair was split");
            assertFalse(c.charAt(0) == '\u0301', "an accent was cut from its letter");
        });
        assertEquals(word, String.join("", chunks));
    }

    @Test
    void aLongWordAmidShortOnesIsCutAndTheRestStillBreakAtSpaces() {
        String text = "Short words, then " + "x".repeat(25) + " and more words.";

        List<String> chunks = texts(new SentenceChunker(10), text);

        assertEquals(List.of("Short", "words,", "then", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx and", "more", "words."),
                chunks);
    }

    @Test
    void chunksRespectTheLimitAndKeepEveryWord() {
        SentenceChunker small = new SentenceChunker(40);
        String text = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit; sed do eiusmod tempor "
                + "incididunt ut labore et dolore magna aliqua. ").repeat(20).trim();

        List<String> chunks = texts(small, text);

        chunks.forEach(c -> assertTrue(c.length() <= 40, c));
        assertEquals(text, String.join(" ", chunks));
    }

    @Test
    void noEmptyChunksAndWhitespaceTrimmed() {
        assertEquals(List.of(), chunker.split("   "));
        assertEquals(List.of("Hi!", "?!", "Ok."), texts(chunker, "  Hi!  ?!  Ok.  "));
    }

    @Test
    void lastChunkOfUnterminatedTextEndsASentence() {
        List<Chunk> chunks = new SentenceChunker(10).split("no punctuation at all here");

        assertTrue(chunks.get(chunks.size() - 1).sentenceEnd());
        assertFalse(chunks.get(0).sentenceEnd());
    }

    @Test
    void isDeterministic() {
        String text = "A, b; c: d — e. ".repeat(100);

        assertEquals(new SentenceChunker(7).split(text), new SentenceChunker(7).split(text));
    }
}
