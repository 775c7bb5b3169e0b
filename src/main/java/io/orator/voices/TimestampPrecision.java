package io.orator.voices;

/** How finely a voice's audio can be placed against its text in a job's timestamps. */
public enum TimestampPrecision {
    /** Every word's start and end, as the engine spoke it. */
    WORD,
    /** Sentences (and the chunks of long ones), from where each inference call's audio begins and ends. */
    SENTENCE;

    /** As the API writes it: {@code word}, {@code sentence}. */
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
