package io.orator.voices;

/** An engine failed to speak a chunk; {@link #code()} is the stable machine code stored on the job. */
public class SynthesisException extends RuntimeException {

    /** A job names a voice this engine does not offer (any more). */
    public static final String UNKNOWN_VOICE = "UNKNOWN_VOICE";
    /** A speaker's voice is not available on this server when the job runs. */
    public static final String VOICE_UNAVAILABLE = "VOICE_UNAVAILABLE";
    /** The inference engine failed on a chunk. */
    public static final String INFERENCE_FAILED = "INFERENCE_FAILED";
    /** The GPU had no memory left for a chunk; the engines are reloaded before the next job. */
    public static final String GPU_OUT_OF_MEMORY = "GPU_OUT_OF_MEMORY";

    private final String code;

    public SynthesisException(String code, String message) {
        super(message);
        this.code = code;
    }

    public SynthesisException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
