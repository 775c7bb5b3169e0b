package io.orator.openai;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code response_format}s of OpenAI's speech API. Every one is listed; those without an
 * encoder on this server are refused with a clear 400 rather than answered with other audio.
 */
public enum SpeechFormat {
    MP3("audio/mpeg", true),
    OPUS("audio/ogg", false),
    AAC("audio/aac", false),
    FLAC("audio/flac", false),
    WAV("audio/wav", true),
    PCM("audio/pcm", true);

    /** OpenAI's rate for every format: 24 kHz, 16-bit, mono. */
    public static final int SAMPLE_RATE = 24_000;

    private final String mediaType;
    private final boolean available;

    SpeechFormat(String mediaType, boolean available) {
        this.mediaType = mediaType;
        this.available = available;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String mediaType() {
        return mediaType;
    }

    public boolean available() {
        return available;
    }

    public static Optional<SpeechFormat> of(String wireName) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(wireName)).findFirst();
    }

    /** An encoder writing this format to {@code out} as samples arrive. */
    SpeechEncoder encoder(OutputStream out) throws IOException {
        return switch (this) {
            case WAV -> SpeechEncoder.wav(out, SAMPLE_RATE);
            case PCM -> SpeechEncoder.pcm(out);
            case MP3 -> new Mp3Encoder(out, SAMPLE_RATE);
            default -> throw new IllegalStateException(wireName() + " has no encoder on this server");
        };
    }
}
