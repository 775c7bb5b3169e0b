package io.orator.synthesis.ssml;

import io.orator.synthesis.ScriptRejectedException;
import io.orator.synthesis.ScriptViolation;
import java.util.List;

/** An SSML document that is not well-formed or not speakable as written, with where the fault is. */
public final class SsmlException extends ScriptRejectedException {

    private final int line;
    private final int column;

    SsmlException(String field, int line, int column, String message) {
        super(Kind.INVALID, List.of(new ScriptViolation(field, "line " + line + ", column " + column + ": " + message)));
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the document where the fault is. */
    public int line() {
        return line;
    }

    /** 1-based column. */
    public int column() {
        return column;
    }
}
