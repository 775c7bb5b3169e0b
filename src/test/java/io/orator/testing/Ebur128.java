package io.orator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent loudness meter for tests: ffmpeg's {@code ebur128} filter (EBU R 128, ITU-R
 * BS.1770), run on a WAV file.
 */
public final class Ebur128 {

    private static final Pattern INTEGRATED = Pattern.compile("I:\\s+(-?[0-9.]+|-inf) LUFS");

    private Ebur128() {
    }

    /** Integrated loudness in LUFS of {@code wav}. */
    public static double integrated(Path wav) throws IOException, InterruptedException {
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostats", "-i", wav.toString(),
                "-af", "ebur128", "-f", "null", "-").redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (ffmpeg.waitFor() != 0) {
            throw new IOException("ffmpeg failed: " + output);
        }
        // The summary comes last; its I: line is the integrated loudness.
        Matcher matcher = INTEGRATED.matcher(output.substring(output.lastIndexOf("Summary")));
        if (!matcher.find()) {
            throw new IOException("no integrated loudness in ffmpeg's output: " + output);
        }
        return matcher.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(matcher.group(1));
    }
}
