package io.orator.clients;

import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import java.util.List;

/** A key's name: free text an operator recognises it by, 1 to 200 printable characters. */
final class KeyNames {

    static final int MAX_LENGTH = 200;

    private KeyNames() {
    }

    static String of(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LENGTH || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid("A key needs a name",
                    List.of(new FieldError("name", "must be 1 to " + MAX_LENGTH + " printable characters")));
        }
        return trimmed;
    }
}
