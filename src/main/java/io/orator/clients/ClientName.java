package io.orator.clients;

import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A client's name as jobs and keys store it: 1 to 128 letters, digits and {@code . _ @ : -},
 * starting with a letter or digit, so it reads well in listings, logs and SQL reports.
 */
public record ClientName(String value) {

    public static final int MAX_LENGTH = 128;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}");

    public ClientName {
        if (!isValid(value)) {
            throw new IllegalArgumentException("Not a client name: " + value);
        }
    }

    public static boolean isValid(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    /** The name in a request field, or a 422 problem naming that field. */
    public static ClientName of(String field, String value) {
        if (!isValid(value)) {
            String shown = value == null ? "(missing)" : value.length() > MAX_LENGTH ? "(too long)" : value;
            throw ProblemException.invalid("Not a client name: " + shown,
                    List.of(new FieldError(field, "must be 1 to " + MAX_LENGTH
                            + " letters, digits or . _ @ : -, starting with a letter or digit")));
        }
        return new ClientName(value);
    }
}
