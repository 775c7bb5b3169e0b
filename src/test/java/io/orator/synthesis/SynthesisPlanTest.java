package io.orator.synthesis;

import io.orator.synthesis.SynthesisPlan.Pause;
import io.orator.synthesis.SynthesisPlan.Speak;
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
