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
    MP3("audio/mpeg"),
    OPUS("audio/ogg"),
    AAC("audio/aac"),
    FLAC("audio/flac"),
    WAV("audio/wav"),
    PCM("audio/pcm");

    private final String mediaType;

    AudioFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The format's name in requests: {@code mp3}, {@code wav}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * Whether this server can encode the format: mp3, wav and pcm always (pure Java); flac, opus
     * and aac when the system has libFLAC, libopusenc or ffmpeg, asked once.
     */
    public boolean available() {
        return switch (this) {
            case MP3, WAV, PCM -> true;
            case FLAC -> FlacEncoder.available();
            case OPUS -> OpusEncoder.available();
            case AAC -> AacEncoder.available();
        };
    }

    /** What to install for the format where it is unavailable, for the listing and refusals. */
    public String requires() {
        return switch (this) {
            case MP3, WAV, PCM -> "";
            case FLAC -> "libFLAC (Debian: libflac12)";
            case OPUS -> "libopusenc (Debian: libopusenc0)";
            case AAC -> "ffmpeg with its aac encoder (Debian: ffmpeg)";
        };
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
            case FLAC -> new FlacEncoder(out, sampleRate);
            case OPUS -> new OpusEncoder(out, sampleRate);
            case AAC -> new AacEncoder(out, sampleRate);
        };
    }
}
