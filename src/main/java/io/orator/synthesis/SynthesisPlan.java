package io.orator.synthesis;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered steps of one job: chunks to speak and the silences between them. A 100,000
 * character script makes about a thousand steps, so the plan is built up front.
 */
public final class SynthesisPlan {

    /** One thing the pipeline does, in order. */
    public sealed interface Step permits Speak, Pause {
    }

    /**
     * Speak one chunk.
     *
     * @param number      1-based position among the plan's chunks, for "chunk n of m" progress
     * @param turn        the index of the chunk's turn in the script, from 0
     * @param textStart   where the chunk's text starts in its turn's text (UTF-16 index)
     * @param sentenceEnd whether the chunk ends a sentence
     */
    public record Speak(int speaker, String text, int number, int turn, int textStart, boolean sentenceEnd)
            implements Step {

        /** One past the chunk's text in its turn's text. */
        public int textEnd() {
            return textStart + text.length();
        }
    }

    /** Write this much silence. */
    public record Pause(int millis) implements Step {
    }

    private final List<Step> steps;
    private final int chunkCount;

    private SynthesisPlan(List<Step> steps, int chunkCount) {
        this.steps = List.copyOf(steps);
        this.chunkCount = chunkCount;
    }

    public static SynthesisPlan of(ParsedScript script, SentenceChunker chunker, Pauses pauses) {
        List<Step> steps = new ArrayList<>();
        int number = 0;
        for (int turnIndex = 0; turnIndex < script.turns().size(); turnIndex++) {
            Turn turn = script.turns().get(turnIndex);
            List<Chunk> chunks = chunker.split(turn.text());
            if (chunks.isEmpty()) {
                continue;
            }
            if (number > 0) {
                addPause(steps, pauses.turnMillis());
            }
            int cursor = 0;
            for (int i = 0; i < chunks.size(); i++) {
                Chunk chunk = chunks.get(i);
                if (i > 0) {
                    Chunk previous = chunks.get(i - 1);
                    addPause(steps, previous.sentenceEnd() ? pauses.sentenceMillis() : pauses.clauseMillis());
                }
                // Chunks are pieces of the (normalized) turn text in order; a text given unnormalized
                // may not contain them verbatim, and then the chunk is placed where the last one ended.
                int at = turn.text().indexOf(chunk.text(), cursor);
                int start = at < 0 ? Math.min(cursor, turn.text().length()) : at;
                cursor = at < 0 ? cursor : at + chunk.text().length();
                steps.add(new Speak(turn.speaker(), chunk.text(), ++number, turnIndex, start, chunk.sentenceEnd()));
            }
        }
        return new SynthesisPlan(steps, number);
    }

    private static void addPause(List<Step> steps, int millis) {
        if (millis > 0) {
            steps.add(new Pause(millis));
        }
    }

    public List<Step> steps() {
        return steps;
    }

    /** How many {@link Speak} steps the plan has. */
    public int chunkCount() {
        return chunkCount;
    }
}
