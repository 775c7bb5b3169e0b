package io.orator.synthesis;

import java.util.List;

/** A script that cannot be synthesized; {@link #kind()} tells the REST layer which status to answer. */
public class ScriptRejectedException extends RuntimeException {

    /** Why the script was rejected. */
    public enum Kind {
        /** Malformed content: maps to 422. */
        INVALID,
        /** Well-formed but over a size limit: maps to 413. */
        TOO_LARGE
    }

    private final Kind kind;
    private final List<ScriptViolation> violations;

    public ScriptRejectedException(Kind kind, List<ScriptViolation> violations) {
        super(firstMessage(violations));
        this.kind = kind;
        this.violations = List.copyOf(violations);
    }

    private static String firstMessage(List<ScriptViolation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one violation");
        }
        return violations.get(0).message();
    }

    public Kind kind() {
        return kind;
    }

    public List<ScriptViolation> violations() {
        return violations;
    }
}
