package io.orator.platform;

import jakarta.ejb.ApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * A failure a client can act on, answered as an RFC 9457 {@code application/problem+json} body.
 * {@code type} is a short stable slug; the response carries it as {@code urn:orator:problem:<type>}.
 * An application exception for EJBs: it reaches the client as itself and rolls the work back.
 */
@ApplicationException(rollback = true)
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(Response.StatusType status, String type, String title, String detail) {
        this(status.getStatusCode(), type, title, detail, List.of(), Map.of());
    }

    public ProblemException(int status, String type, String title, String detail,
                            List<FieldError> errors, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(422, "validation", "Invalid request", detail, errors, Map.of());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Response.Status.NOT_FOUND, "not-found", "Not found", detail);
    }

    public static ProblemException conflict(String type, String detail) {
        return new ProblemException(Response.Status.CONFLICT, type, "Conflict with the job's state", detail);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** Problems are expected outcomes, not bugs: no stack trace to fill. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
