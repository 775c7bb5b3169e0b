package io.orator.openai;

import io.orator.platform.ProblemException;
import io.orator.platform.ProblemMappers;
import jakarta.json.JsonException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every error under {@code /v1} in OpenAI's shape. Registered by {@link OpenAiApplication} alone
 * (no {@code @Provider}), so the rest of the API keeps its problem+json errors.
 */
public final class OpenAiErrorMappers {

    private static final Logger LOG = Logger.getLogger(OpenAiErrorMappers.class.getName());

    private OpenAiErrorMappers() {
    }

    public static class OpenAi implements ExceptionMapper<OpenAiError> {
        @Override
        public Response toResponse(OpenAiError e) {
            return e.getResponse();
        }
    }

    /** Errors of the layers below (credentials, client limits), in OpenAI's shape with their headers. */
    public static class Problem implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return fromProblem(e);
        }
    }

    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (e instanceof NotFoundException) {
                return OpenAiError.response(404, "invalid_request_error", null, "unknown_url",
                        "Unknown request URL. Orator serves POST /v1/audio/speech, GET /v1/models and GET /v1/audio/voices.",
                        Map.of());
            }
            if (ProblemMappers.isMalformedBody(e)) {
                return malformed();
            }
            return OpenAiError.response(status, OpenAiError.typeFor(status), null, null,
                    e.getResponse().getStatusInfo().getReasonPhrase(), Map.of());
        }
    }

    public static class Processing implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return malformed();
        }
    }

    public static class Json implements ExceptionMapper<JsonException> {
        @Override
        public Response toResponse(JsonException e) {
            return malformed();
        }
    }

    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            LOG.log(Level.SEVERE, "Unexpected error answering an OpenAI-compatible request", e);
            return OpenAiError.response(500, "server_error", null, null,
                    "The server failed to answer this request; it has been logged", Map.of());
        }
    }

    static Response fromProblem(ProblemException problem) {
        String param = problem.errors().isEmpty() ? null : problem.errors().get(0).field();
        return OpenAiError.response(problem.status(), OpenAiError.typeFor(problem.status()), param, problem.type(),
                problem.getMessage(), problem.headers());
    }

    private static Response malformed() {
        return OpenAiError.response(400, "invalid_request_error", null, "invalid_json",
                "The request body is not valid JSON", Map.of());
    }
}
