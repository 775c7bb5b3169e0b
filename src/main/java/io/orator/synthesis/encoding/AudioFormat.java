package io.orator.synthesis.encoding;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The audio formats Orator speaks of: OpenAI's speech formats, which jobs' audio can be fetched
 * in too. Every one is listed; one without an encoder on this server is refused with a clear
 * 4xx rather than answered with other audio.
 */
public enum AudioFormat {
    MP3("audio/mpeg", true),
    OPUS("audio/ogg", false),
    AAC("audio/aac", false),
    FLAC("audio/flac", false),
    WAV("audio/wav", true),
    PCM("audio/pcm", true);

    private final String mediaType;
    private final boolean available;

    AudioFormat(String mediaType, boolean available) {
        this.mediaType = mediaType;
        this.available = available;
    }

    /** The format's name in requests: {@code mp3}, {@code wav}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String mediaType() {
        return mediaType;
    }

    public boolean available() {
        return available;
    }

    /** The formats this server encodes, as a request names them: {@code mp3, wav, pcm}. */
    public static String availableNames() {
        return Arrays.stream(values()).filter(AudioFormat::available).map(AudioFormat::wireName)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public static Optional<AudioFormat> of(String wireName) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(wireName)).findFirst();
    }

    /** An encoder writing 16-bit mono samples at {@code sampleRate} in this format to {@code out} as they arrive. */
    public AudioEncoder encoder(OutputStream out, int sampleRate) throws IOException {
        return switch (this) {
            case WAV -> AudioEncoder.wav(out, sampleRate);
            case PCM -> AudioEncoder.pcm(out);
            case MP3 -> new Mp3Encoder(out, sampleRate);
            default -> throw new IllegalStateException(wireName() + " has no encoder on this server");
        };
    }
}
