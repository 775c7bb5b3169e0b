package io.orator.platform;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every exception that reaches the REST layer into a problem+json response. */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {
    }

    @Provider
    public static class Problem implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return Problems.response(e);
        }
    }

    /** Bean Validation on request bodies and parameters. */
    @Provider
    public static class Validation implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            List<FieldError> errors = e.getConstraintViolations().stream()
                    .map(v -> new FieldError(fieldName(v), v.getMessage()))
                    .sorted(Comparator.comparing(FieldError::field))
                    .toList();
            return Problems.response(422, "validation", "Invalid request",
                    "The request has " + errors.size() + " invalid field(s)", errors);
        }

        private static String fieldName(ConstraintViolation<?> violation) {
            String field = "";
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getKind() == jakarta.validation.ElementKind.PROPERTY
                        || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                    field = node.getName();
                }
            }
            return field.isEmpty() ? "request" : field;
        }
    }

    /** JAX-RS's own errors (404 for unknown paths and ids that are not UUIDs, 405, 406, 415, ...). */
    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (e instanceof NotFoundException) {
                return Problems.response(404, "not-found", "Not found", "No such resource", List.of());
            }
            if (isMalformedBody(e)) {
                return malformedJson();
            }
            return Problems.forStatus(status);
        }
    }

    /** Entity providers report unreadable JSON as a processing failure. */
    @Provider
    public static class Processing implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return malformedJson();
        }
    }

    @Provider
    public static class Json implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return malformedJson();
        }
    }

    /** Anything else is our bug: log it once here, tell the client nothing internal. */
    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            LOG.log(Level.SEVERE, "Unexpected error answering a request", e);
            return Problems.response(500, "internal", "Internal error",
                    "The server failed to answer this request; it has been logged", List.of());
        }
    }

    /** True when JSON that could not be read is the cause of {@code e}, however deep. */
    public static boolean isMalformedBody(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonbException || t instanceof JsonException) {
                return true;
            }
        }
        return false;
    }

    static Response malformedJson() {
        return Problems.response(400, "malformed-json", "Malformed JSON",
                "The request body is not valid JSON of the expected shape", List.of());
    }
}
