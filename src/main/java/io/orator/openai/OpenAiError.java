package io.orator.openai;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * An error in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}, which
 * OpenAI's SDKs turn into their own exceptions with the message intact. A JAX-RS exception
 * with its answer: on a path outside {@code /v1} it still ends as a 4xx.
 */
public final class OpenAiError extends WebApplicationException {

    public OpenAiError(int status, String type, String param, String code, String message, Map<String, String> headers) {
        super(message, response(status, type, param, code, message, headers));
    }

    /** A request the server will not take as it is: 400 {@code invalid_request_error}, naming the field. */
    public static OpenAiError invalid(String param, String code, String message) {
        return new OpenAiError(400, "invalid_request_error", param, code, message, Map.of());
    }

    static Response response(int status, String type, String param, String code, String message, Map<String, String> headers) {
        JsonObjectBuilder error = Json.createObjectBuilder().add("message", message).add("type", type);
        if (param == null) {
            error.addNull("param");
        } else {
            error.add("param", param);
        }
        if (code == null) {
            error.addNull("code");
        } else {
            error.add("code", code);
        }
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", error).build().toString());
        headers.forEach(response::header);
        return response.build();
    }

    /** OpenAI's error type for an HTTP status. */
    static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
