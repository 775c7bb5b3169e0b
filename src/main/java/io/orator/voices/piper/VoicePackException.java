package io.orator.voices.piper;

/** A voice pack cannot be used; the message is the reason shown in the voices listing. */
final class VoicePackException extends Exception {

    VoicePackException(String reason) {
        super(reason);
    }

    VoicePackException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
