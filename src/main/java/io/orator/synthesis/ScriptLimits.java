package io.orator.synthesis;

/**
 * The size limits a script must respect; defaults follow the public API contract.
 *
 * @param maxSpeakers   speaker numbers allowed are 1..maxSpeakers
 * @param maxCharacters characters of text (after normalization, speaker tags excluded)
 * @param maxTurns      number of turns after empty ones are dropped
 */
public record ScriptLimits(int maxSpeakers, int maxCharacters, int maxTurns) {

    public static final int DEFAULT_MAX_SPEAKERS = 4;
    public static final int DEFAULT_MAX_CHARACTERS = 100_000;
    public static final int DEFAULT_MAX_TURNS = 10_000;

    public static final ScriptLimits DEFAULTS =
            new ScriptLimits(DEFAULT_MAX_SPEAKERS, DEFAULT_MAX_CHARACTERS, DEFAULT_MAX_TURNS);

    public ScriptLimits {
        if (maxSpeakers < 1 || maxCharacters < 1 || maxTurns < 1) {
            throw new IllegalArgumentException("script limits must be positive: " + maxSpeakers
                    + " speakers, " + maxCharacters + " characters, " + maxTurns + " turns");
        }
    }
}
