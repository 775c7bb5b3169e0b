package io.orator.synthesis.timing;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A job's captions as WebVTT or SRT, written while the timeline is read. Each sentence becomes
 * one or more cues of at most two lines of {@value #LINE_CHARACTERS} characters (the broadcast
 * norm). With word times a cue runs from its first word's start to its last word's end; at
 * sentence precision a long sentence's cues share its time by their share of its characters.
 * WebVTT names each cue's speaker in a voice span ({@code <v Speaker 2>}); SRT has no such
 * thing, so a job of several speakers names the speaker in the text where it changes.
 */
public final class Captions {

    /** Characters a caption line holds. */
    static final int LINE_CHARACTERS = 42;
    private static final int LINES = 2;

    /** The two caption formats. */
    public enum Format {
        VTT("text/vtt", "vtt"),
        SRT("application/x-subrip", "srt");

        private final String mediaType;
        private final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return extension;
        }

        /** {@code vtt} or {@code srt}, in any case; empty for anything else. */
        public static Optional<Format> named(String name) {
            for (Format format : values()) {
                if (format.extension.equalsIgnoreCase(name)) {
                    return Optional.of(format);
                }
            }
            return Optional.empty();
        }
    }

    /** One caption: its speaker, time and text. */
    record Cue(int speaker, long startMillis, long endMillis, String text) {
    }

    private Captions() {
    }

    public static void write(TimelineReader timeline, Format format, Writer out) throws IOException {
        if (format == Format.VTT) {
            out.write("WEBVTT\n");
        }
        int number = 0;
        int lastSpeaker = 0;
        for (Optional<TimedSentence> next = timeline.next(); next.isPresent(); next = timeline.next()) {
            TimedSentence sentence = next.get();
            // SRT names the speaker in the text where it changes, which is always at a sentence's start.
            String name = format == Format.SRT && timeline.speakers() > 1 && sentence.speaker() != lastSpeaker
                    ? "Speaker " + sentence.speaker() + ": " : "";
            lastSpeaker = sentence.speaker();
            for (Cue cue : cues(sentence, name.length())) {
                number++;
                out.write(format == Format.VTT || number > 1 ? "\n" : "");
                out.write(number + "\n");
                out.write(time(cue.startMillis(), format) + " --> " + time(cue.endMillis(), format) + "\n");
                if (format == Format.VTT) {
                    out.write("<v Speaker " + cue.speaker() + ">" + escapeVtt(String.join("\n", lines(cue.text(), 0))) + "\n");
                } else {
                    out.write(String.join("\n", lines(name + cue.text(), 0)) + "\n");
                    name = "";
                }
            }
        }
        out.flush();
    }

    /** A sentence's cues: by words when it has them, else by its characters. */
    static List<Cue> cues(TimedSentence sentence) {
        return cues(sentence, 0);
    }

    /** @param reserve characters the first cue's first line leaves to a speaker's name */
    static List<Cue> cues(TimedSentence sentence, int reserve) {
        String text = sentence.text().strip();
        if (text.isEmpty()) {
            return List.of();
        }
        List<Cue> cues = new ArrayList<>();
        if (!sentence.words().isEmpty()) {
            byWords(sentence, reserve, cues);
        } else {
            byCharacters(sentence, text, reserve, cues);
        }
        return cues;
    }

    /**
     * Groups words into cues that fit; a cue's text runs from its first word to the next cue's,
     * so punctuation between words stays with the word before it.
     */
    private static void byWords(TimedSentence sentence, int reserve, List<Cue> cues) {
        List<TimedWord> words = sentence.words();
        int first = 0;
        while (first < words.size()) {
            int room = cues.isEmpty() ? reserve : 0;
            int last = first;
            while (last + 1 < words.size() && fits(cueText(sentence, first, last + 1), room)) {
                last++;
            }
            long start = first == 0 ? Math.min(sentence.startMillis(), words.get(0).startMillis())
                    : words.get(first).startMillis();
            long end = last + 1 < words.size() ? words.get(last).endMillis()
                    : Math.max(sentence.endMillis(), words.get(last).endMillis());
            cues.add(new Cue(sentence.speaker(), start, Math.max(end, start + 1), cueText(sentence, first, last)));
            first = last + 1;
        }
    }

    /** The sentence's text from word {@code first} (the sentence's start for the first) to the word after {@code last}. */
    private static String cueText(TimedSentence sentence, int first, int last) {
        List<TimedWord> words = sentence.words();
        int from = first == 0 ? sentence.textStart() : words.get(first).textStart();
        int to = last + 1 < words.size() ? words.get(last + 1).textStart() : sentence.textEnd();
        String text = sentence.text();
        int start = Math.max(0, Math.min(text.length(), from - sentence.textStart()));
        int end = Math.max(start, Math.min(text.length(), to - sentence.textStart()));
        return text.substring(start, end).strip();
    }

    /** Cuts the text at spaces into cues that fit, sharing the sentence's time by their characters. */
    private static void byCharacters(TimedSentence sentence, String text, int reserve, List<Cue> cues) {
        List<String> pieces = new ArrayList<>();
        String piece = "";
        for (String word : text.split(" ")) {
            String longer = piece.isEmpty() ? word : piece + " " + word;
            if (piece.isEmpty() || fits(longer, pieces.isEmpty() ? reserve : 0)) {
                piece = longer;
            } else {
                pieces.add(piece);
                piece = word;
            }
        }
        pieces.add(piece);
        long span = Math.max(1, sentence.endMillis() - sentence.startMillis());
        long start = sentence.startMillis();
        int done = 0;
        for (int i = 0; i < pieces.size(); i++) {
            done += pieces.get(i).length() + 1;
            long end = i == pieces.size() - 1 ? sentence.endMillis()
                    : sentence.startMillis() + span * Math.min(done, text.length()) / text.length();
            cues.add(new Cue(sentence.speaker(), start, Math.max(end, start + 1), pieces.get(i)));
            start = end;
        }
    }

    private static boolean fits(String text, int reserve) {
        return lines(text, reserve).size() <= LINES;
    }

    /**
     * The text filled into lines of {@value #LINE_CHARACTERS} characters at spaces, the first line
     * {@code reserve} shorter; a word longer than a line has a line of its own.
     */
    static List<String> lines(String text, int reserve) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            int room = LINE_CHARACTERS - (lines.isEmpty() ? reserve : 0);
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** {@code hh:mm:ss.mmm} (WebVTT) or {@code hh:mm:ss,mmm} (SRT). */
    static String time(long millis, Format format) {
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long seconds = millis / 1000 % 60;
        return String.format(Locale.ROOT, "%02d:%02d:%02d%s%03d", hours, minutes, seconds,
                format == Format.VTT ? "." : ",", millis % 1000);
    }

    /** A cue's text may not hold {@code <}, {@code &} or the {@code -->} of a timing line. */
    private static String escapeVtt(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
