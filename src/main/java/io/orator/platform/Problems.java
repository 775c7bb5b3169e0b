package io.orator.platform;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;

/** Builds {@code application/problem+json} responses (RFC 9457) for every error Orator returns. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:orator:problem:";

    private Problems() {
    }

    public static Response response(ProblemException problem) {
        Response.ResponseBuilder builder = builder(problem.status(), problem.type(), problem.title(),
                problem.getMessage(), problem.errors());
        problem.headers().forEach(builder::header);
        return builder.build();
    }

    public static Response response(int status, String type, String title, String detail, List<FieldError> errors) {
        return builder(status, type, title, detail, errors).build();
    }

    /** A problem for a bare HTTP status, titled with its reason phrase. */
    public static Response forStatus(int status) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        return response(status, title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), title, title, List.of());
    }

    private static Response.ResponseBuilder builder(int status, String type, String title, String detail,
                                                    List<FieldError> errors) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", TYPE_PREFIX + type)
                .add("title", title)
                .add("status", status);
        if (detail != null) {
            body.add("detail", detail);
        }
        if (!errors.isEmpty()) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            errors.forEach(e -> {
                JsonObjectBuilder error = Json.createObjectBuilder().add("field", e.field()).add("message", e.message());
                if (e.line() != null) {
                    error.add("line", e.line()).add("column", e.column());
                }
                array.add(error);
            });
            body.add("errors", array);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body.build().toString());
    }
}
