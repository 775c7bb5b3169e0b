package io.orator.synthesis;

import io.orator.voices.Utterance;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The ordered steps of one job: chunks to speak, the silences between them and the marks
 * reached. A 100,000 character script makes about a thousand steps, so the plan is built up front.
 * <p>
 * A turn's {@link Markup} cuts it into stretches spoken separately: at every break, mark,
 * sentence or paragraph end and change of delivery. Each stretch is said as spoken (aliases and
 * expansions in place of their text) and chunked; chunks keep where they stand in the written
 * text, for the timestamps.
 */
public final class SynthesisPlan {

    /** One thing the pipeline does, in order. */
    public sealed interface Step permits Speak, Pause, Mark {
    }

    /**
     * Speak one chunk.
     *
     * @param text        what to say
     * @param number      1-based position among the plan's chunks, for "chunk n of m" progress
     * @param turn        the index of the chunk's turn in the script, from 0
     * @param textStart   where the chunk starts in its turn's text (UTF-16 index)
     * @param textEnd     one past where it ends there
     * @param sentenceEnd whether the chunk ends a sentence
     * @param delivery    rate, pitch, volume and language
     * @param respellings stretches of {@code text} that stand for something else in the turn's text
     */
    public record Speak(int speaker, String text, int number, int turn, int textStart, int textEnd,
                        boolean sentenceEnd, Delivery delivery, List<Respelling> respellings) implements Step {

        public Speak {
            respellings = List.copyOf(respellings);
        }

        /** A chunk said as written. */
        public Speak(int speaker, String text, int number, int turn, int textStart, boolean sentenceEnd) {
            this(speaker, text, number, turn, textStart, textStart + text.length(), sentenceEnd, Delivery.PLAIN, List.of());
        }

        /** Where a position in {@link #text} falls in the turn's text; see {@link Respelling#textAt}. */
        public int textAt(int position, boolean end) {
            return Respelling.textAt(textStart, respellings, position, end);
        }

        /** What the engine is given. */
        public Utterance utterance() {
            return new Utterance(text, delivery.pitch(), delivery.language(), respellings.stream()
                    .filter(r -> r.ipa() != null)
                    .map(r -> new Utterance.Pronunciation(r.spokenStart(), r.spokenEnd(), r.ipa()))
                    .toList());
        }
    }

    /** Write this much silence. */
    public record Pause(int millis) implements Step {
    }

    /** The audio has reached a named mark at {@code at} in turn {@code turn}'s text. */
    public record Mark(String name, int turn, int at) implements Step {
    }

    private static final String SENTENCE_ENDS = ".!?\u2026\u3002\uFF01\uFF1F";
    private static final String CLAUSE_ENDS = ",;:-\u2013\u2014\u3001\uFF0C\uFF1B\uFF1A";
    private static final String CLOSERS = "\"')]}\u201D\u2019\u00BB";

    private final List<Step> steps;
    private final int chunkCount;

    private SynthesisPlan(List<Step> steps, int chunkCount) {
        this.steps = List.copyOf(steps);
        this.chunkCount = chunkCount;
    }

    public static SynthesisPlan of(ParsedScript script, SentenceChunker chunker, Pauses pauses) {
        Builder builder = new Builder(chunker, pauses);
        for (int turnIndex = 0; turnIndex < script.turns().size(); turnIndex++) {
            builder.turn(turnIndex, script.turns().get(turnIndex));
        }
        return new SynthesisPlan(builder.steps, builder.number);
    }

    public List<Step> steps() {
        return steps;
    }

    /** How many {@link Speak} steps the plan has. */
    public int chunkCount() {
        return chunkCount;
    }

    /** Adds turns' steps; holds the pause owed since the last chunk until something follows it. */
    private static final class Builder {
        private final SentenceChunker chunker;
        private final Pauses pauses;
        private final List<Step> steps = new ArrayList<>();
        private int number;
        /** The natural pause owed before whatever comes next; an explicit break replaces it. */
        private int owed;
        private int currentTurn;

        Builder(SentenceChunker chunker, Pauses pauses) {
            this.chunker = chunker;
            this.pauses = pauses;
        }

        void turn(int turnIndex, Turn turn) {
            currentTurn = turnIndex;
            Markup markup = turn.markupOrNone();
            String text = turn.text();
            if (number > 0) {
                owed = Math.max(owed, pauses.turnMillis());
            }
            TreeMap<Integer, List<Markup.Point>> cuts = cuts(markup, text.length());
            int from = 0;
            for (var cut : cuts.entrySet()) {
                int at = Math.min(cut.getKey(), text.length());
                stretch(turnIndex, turn, from, at, false);
                from = Math.max(from, at);
                // A break stands in for the pause that would fall where it is, even after a mark there.
                if (cut.getValue().stream().anyMatch(Markup.Break.class::isInstance)) {
                    owed = 0;
                }
                for (Markup.Point point : cut.getValue()) {
                    reach(point);
                }
            }
            stretch(turnIndex, turn, from, text.length(), true);
        }

        /** Every position where the markup cuts the turn, with what happens there in document order. */
        private static TreeMap<Integer, List<Markup.Point>> cuts(Markup markup, int length) {
            TreeMap<Integer, List<Markup.Point>> cuts = new TreeMap<>();
            markup.points().forEach(p -> cuts.computeIfAbsent(p.at(), k -> new ArrayList<>()).add(p));
            for (Markup.Style style : markup.styles()) {
                cuts.computeIfAbsent(style.start(), k -> new ArrayList<>());
                cuts.computeIfAbsent(style.end(), k -> new ArrayList<>());
            }
            // Sentence ends first; marks and breaks in document order: a mark before a break is reached before it.
            cuts.values().forEach(points -> points.sort((a, b) -> Integer.compare(rank(a), rank(b))));
            cuts.headMap(0).clear();
            cuts.tailMap(length, false).clear();
            return cuts;
        }

        private static int rank(Markup.Point point) {
            if (point instanceof Markup.Break pause) {
                return 1 + pause.order();
            }
            return point instanceof Markup.Mark mark ? 1 + mark.order() : 0;
        }

        private void reach(Markup.Point point) {
            if (point instanceof Markup.Break pause) {
                owed = 0;
                addPause(pause.millis());
            } else if (point instanceof Markup.Mark mark) {
                payOwed();
                steps.add(new Mark(mark.name(), currentTurn, mark.at()));
            } else if (point instanceof Markup.Boundary boundary) {
                endSentence();
                if (number > 0) {
                    owed = Math.max(owed, boundary.paragraph() ? pauses.turnMillis() : pauses.sentenceMillis());
                }
            }
        }

        /** An {@code <s>} or {@code <p>} ended: the chunk before it ends its sentence, whatever its punctuation. */
        private void endSentence() {
            if (!steps.isEmpty() && steps.get(steps.size() - 1) instanceof Speak last && !last.sentenceEnd()) {
                steps.set(steps.size() - 1, new Speak(last.speaker(), last.text(), last.number(), last.turn(),
                        last.textStart(), last.textEnd(), true, last.delivery(), last.respellings()));
            }
        }

        /**
         * Chunks and speaks {@code text[from, to)}, as spoken, with the delivery of the style over it.
         * A stretch cut off mid-sentence (by a change of delivery or a mark) leaves its sentence open.
         */
        private void stretch(int turnIndex, Turn turn, int from, int to, boolean lastOfTurn) {
            String text = turn.text();
            while (from < to && Character.isWhitespace(text.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
                to--;
            }
            if (from >= to) {
                return;
            }
            Markup markup = turn.markupOrNone();
            Delivery delivery = deliveryAt(markup, from);
            StringBuilder spoken = new StringBuilder(to - from);
            List<Respelling> respellings = new ArrayList<>();
            int cursor = from;
            for (Markup.Say say : markup.says()) {
                if (say.start() < from || say.end() > to) {
                    continue;
                }
                spoken.append(text, cursor, say.start());
                int spokenStart = spoken.length();
                spoken.append(say.spoken() == null ? text.substring(say.start(), say.end()) : say.spoken());
                respellings.add(new Respelling(spokenStart, spoken.length(), say.start(), say.end(), say.ipa()));
                cursor = say.end();
            }
            spoken.append(text, cursor, to);
            String said = spoken.toString();

            List<Chunk> chunks = chunker.split(said);
            int searchFrom = 0;
            for (int i = 0; i < chunks.size(); i++) {
                Chunk chunk = chunks.get(i);
                boolean sentenceEnd = lastOfTurn || i < chunks.size() - 1 ? chunk.sentenceEnd() : endsSentence(chunk.text());
                payOwed();
                // Chunks are pieces of the (normalized) text in order; text given unnormalized may
                // not contain them verbatim, and then the chunk is placed where the last one ended.
                int at = said.indexOf(chunk.text(), searchFrom);
                int start = at < 0 ? Math.min(searchFrom, said.length()) : at;
                int end = at < 0 ? Math.min(start + chunk.text().length(), said.length()) : at + chunk.text().length();
                searchFrom = at < 0 ? searchFrom : end;
                List<Respelling> inChunk = new ArrayList<>();
                for (Respelling r : respellings) {
                    Respelling piece = r.within(start, end);
                    if (piece != null) {
                        inChunk.add(piece);
                    }
                }
                steps.add(new Speak(turn.speaker(), chunk.text(), ++number, turnIndex,
                        Respelling.textAt(from, respellings, start, false),
                        Respelling.textAt(from, respellings, end, true),
                        sentenceEnd, delivery, inChunk));
                owed = sentenceEnd ? pauses.sentenceMillis()
                        : i < chunks.size() - 1 || endsClause(chunk.text()) ? pauses.clauseMillis() : 0;
            }
        }

        private static Delivery deliveryAt(Markup markup, int position) {
            for (Markup.Style style : markup.styles()) {
                if (style.start() <= position && position < style.end()) {
                    return style.delivery();
                }
            }
            return Delivery.PLAIN;
        }

        /** Whether text ends with a sentence's punctuation, closing quotes and brackets aside. */
        private static boolean endsSentence(String text) {
            return SENTENCE_ENDS.indexOf(lastMark(text)) >= 0;
        }

        /** Whether text ends at a comma, colon, semicolon or dash: a clause pause follows. */
        private static boolean endsClause(String text) {
            return CLAUSE_ENDS.indexOf(lastMark(text)) >= 0;
        }

        private static char lastMark(String text) {
            int i = text.length() - 1;
            while (i > 0 && CLOSERS.indexOf(text.charAt(i)) >= 0) {
                i--;
            }
            return i < 0 ? ' ' : text.charAt(i);
        }

        private void payOwed() {
            addPause(owed);
            owed = 0;
        }

        private void addPause(int millis) {
            if (millis > 0) {
                steps.add(new Pause(millis));
            }
        }
    }
}
