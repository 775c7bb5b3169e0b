package io.orator.synthesis;

import io.orator.synthesis.SynthesisPlan.Pause;
import io.orator.synthesis.SynthesisPlan.Speak;
import io.orator.synthesis.ssml.SsmlParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynthesisPlanTest {

    @Test
    void insertsClauseSentenceAndTurnPauses() {
        ParsedScript script = new ScriptParser().parse(
                "Speaker 1: One two three, four five six. Seven.\nSpeaker 2: Eight.");

        SynthesisPlan plan = SynthesisPlan.of(script, new SentenceChunker(15), new Pauses(50, 250, 600));

        assertEquals(List.of(
                new Speak(1, "One two three,", 1, 0, 0, false), new Pause(50),
                new Speak(1, "four five six.", 2, 0, 15, true), new Pause(250),
                new Speak(1, "Seven.", 3, 0, 30, true), new Pause(600),
                new Speak(2, "Eight.", 4, 1, 0, true)), plan.steps());
        assertEquals(4, plan.chunkCount());
    }

    @Test
    void eachChunkKnowsWhereItsTextIsInItsTurn() {
        ParsedScript script = new ScriptParser().parse("Speaker 1: Hello there. A longer sentence, split at its comma.\n"
                + "Speaker 2: Hi.");

        SynthesisPlan plan = SynthesisPlan.of(script, new SentenceChunker(30), Pauses.DEFAULTS);

        for (SynthesisPlan.Step step : plan.steps()) {
            if (step instanceof Speak chunk) {
                String turnText = script.turns().get(chunk.turn()).text();
                assertEquals(chunk.text(), turnText.substring(chunk.textStart(), chunk.textEnd()));
            }
        }
        assertEquals(4, plan.chunkCount());
    }

    @Test
    void markupCutsTurnsIntoStretchesWithTheirOwnPausesMarksAndDelivery() {
        List<Turn> turns = new SsmlParser(4, 10_000, null).parse("ssml", "<speak><p>First one.<break time=\"2s\"/>"
                + "Then <prosody rate=\"slow\">slowly</prosody> on.</p><p><mark name=\"p2\"/>Next "
                + "<say-as interpret-as=\"cardinal\">12</say-as> here.</p></speak>", 1);
        ParsedScript script = new ScriptParser().parseMarked(turns, "ssml");

        SynthesisPlan plan = SynthesisPlan.of(script, new SentenceChunker(), new Pauses(50, 250, 600));

        Delivery slow = new Delivery(0.75, 1, 0, null);
        String text = "First one. Then slowly on. Next 12 here.";
        assertEquals(text, script.turns().get(0).text());
        assertEquals(List.of(
                new Speak(1, "First one.", 1, 0, 0, true), new Pause(2000),
                new Speak(1, "Then", 2, 0, 11, false),
                new Speak(1, "slowly", 3, 0, 16, 22, false, slow, List.of()),
                new Speak(1, "on.", 4, 0, 23, true), new Pause(600),
                new SynthesisPlan.Mark("p2", 0, 26),
                new Speak(1, "Next twelve here.", 5, 0, 27, 40, true, Delivery.PLAIN,
                        List.of(new Respelling(5, 11, 32, 34, null)))), plan.steps());
        Speak respelled = (Speak) plan.steps().get(plan.steps().size() - 1);
        assertEquals(32, respelled.textAt(5, false));
        assertEquals(34, respelled.textAt(11, true));
        assertEquals(35, respelled.textAt(12, false));
        assertEquals(40, respelled.textAt(17, true));
    }

    @Test
    void zeroPausesAreLeftOut() {
        ParsedScript script = new ScriptParser().parse("Speaker 1: Yes. No.\nSpeaker 2: Maybe.");

        SynthesisPlan plan = SynthesisPlan.of(script, new SentenceChunker(), new Pauses(0, 0, 0));

        assertTrue(plan.steps().stream().allMatch(Speak.class::isInstance));
        assertEquals(3, plan.chunkCount());
    }

    @Test
    void planForAHundredThousandCharactersStaysSmall() {
        String sentences = "The quick brown fox jumps over the lazy dog, again and again. "
                + "Dr. Smith measured 3.14 meters!";
        StringBuilder text = new StringBuilder();
        int lines = ScriptLimits.DEFAULT_MAX_CHARACTERS / sentences.length();
        for (int line = 0; line < lines; line++) {
            text.append("Speaker ").append(line % 4 + 1).append(": ").append(sentences).append('\n');
        }
        ParsedScript script = new ScriptParser().parse(text.toString());

        SynthesisPlan plan = SynthesisPlan.of(script, new SentenceChunker(), Pauses.DEFAULTS);

        assertEquals(lines * 2, plan.chunkCount());
        assertEquals(lines * 2 + lines * 2 - 1, plan.steps().size());
    }
}
