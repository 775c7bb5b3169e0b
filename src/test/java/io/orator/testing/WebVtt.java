package io.orator.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of WebVTT as the specification's parser sees it: the signature line, then
 * cue blocks separated by blank lines, each an optional identifier, a timing line and payload
 * lines. Anything else is an error, so a test that parses captions back also validates them.
 */
public final class WebVtt {

    private static final Pattern TIMING = Pattern.compile(
            "((?:\\d{2,}:)?\\d{2}:\\d{2}\\.\\d{3}) --> ((?:\\d{2,}:)?\\d{2}:\\d{2}\\.\\d{3})");
    private static final Pattern VOICE = Pattern.compile("^<v ([^>]+)>");

    /** One cue: times in milliseconds, the voice span's name (or null) and the text without tags. */
    public record Cue(String id, long startMillis, long endMillis, String voice, String text) {
    }

    private WebVtt() {
    }

    public static List<Cue> parse(String document) {
        String[] blocks = document.replace("\r\n", "\n").split("\n\n+");
        if (!blocks[0].equals("WEBVTT") && !blocks[0].startsWith("WEBVTT ") && !blocks[0].startsWith("WEBVTT\n")) {
            throw new IllegalArgumentException("no WEBVTT signature: " + blocks[0]);
        }
        List<Cue> cues = new ArrayList<>();
        for (int b = 1; b < blocks.length; b++) {
            String[] lines = blocks[b].split("\n");
            if (lines.length == 0 || lines[0].isEmpty()) {
                continue;
            }
            int timingLine = lines[0].contains("-->") ? 0 : 1;
            if (timingLine >= lines.length) {
                throw new IllegalArgumentException("a cue without timing: " + blocks[b]);
            }
            Matcher timing = TIMING.matcher(lines[timingLine]);
            if (!timing.matches()) {
                throw new IllegalArgumentException("bad timing line: " + lines[timingLine]);
            }
            long start = millis(timing.group(1));
            long end = millis(timing.group(2));
            if (end <= start) {
                throw new IllegalArgumentException("a cue that ends before it starts: " + lines[timingLine]);
            }
            String payload = String.join("\n", java.util.Arrays.copyOfRange(lines, timingLine + 1, lines.length));
            if (payload.contains("-->")) {
                throw new IllegalArgumentException("--> in a cue's text: " + payload);
            }
            Matcher voice = VOICE.matcher(payload);
            String name = voice.find() ? voice.group(1) : null;
            String text = payload.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&");
            cues.add(new Cue(timingLine == 1 ? lines[0] : null, start, end, name, text));
        }
        return cues;
    }

    private static long millis(String time) {
        String[] parts = time.split("[:.]");
        long hours = parts.length == 4 ? Long.parseLong(parts[0]) : 0;
        int i = parts.length == 4 ? 1 : 0;
        return ((hours * 60 + Long.parseLong(parts[i])) * 60 + Long.parseLong(parts[i + 1])) * 1000
                + Long.parseLong(parts[i + 2]);
    }
}
