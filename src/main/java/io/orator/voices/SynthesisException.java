package io.orator.voices;

/** An engine failed to speak a chunk; {@link #code()} is the stable machine code stored on the job. */
public class SynthesisException extends RuntimeException {

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
