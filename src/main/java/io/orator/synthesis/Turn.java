package io.orator.synthesis;

import jakarta.json.bind.annotation.JsonbCreator;

/**
 * One speaker's uninterrupted stretch of text.
 *
 * @param speaker the speaker number, 1-based as in the script's {@code Speaker N:} tags
 * @param text    what the speaker says, as a reader sees it
 * @param markup  what SSML adds to the text; {@code null} or empty for plain text
 */
public record Turn(int speaker, String text, Markup markup) {

    /** The one JSON-B reads stored turns with. */
    @JsonbCreator
    public Turn {
    }

    public Turn(int speaker, String text) {
        this(speaker, text, null);
    }

    /** The markup, never {@code null}. */
    public Markup markupOrNone() {
        return markup == null ? Markup.NONE : markup;
    }
}
