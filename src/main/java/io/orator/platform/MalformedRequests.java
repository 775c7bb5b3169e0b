package io.orator.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Keeps requests the REST layer cannot even read inside the problem+json contract. JAX-RS parses
 * {@code Accept} and {@code Content-Type} before any filter or exception mapper of the
 * application runs, and answers a malformed one with the container's HTML error page (and a
 * stack trace in the log for each). This filter refuses such a header first, with a 400 problem
 * naming it, and turns any other error the container itself sends on the API into a problem.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class MalformedRequests extends HttpFilter {

    private static final List<String> MEDIA_TYPE_HEADERS = List.of("Content-Type", "Accept");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<String> malformed = malformedHeader(request);
        if (malformed.isPresent()) {
            write(response, unreadableHeader(malformed.get()));
            return;
        }
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void sendError(int status) throws IOException {
                sendError(status, null);
            }

            @Override
            public void sendError(int status, String message) throws IOException {
                if (isCommitted()) {
                    super.sendError(status, message);
                    return;
                }
                write(response, containerError(status));
            }
        });
    }

    /** The answer to a request whose {@code header} holds no media types. */
    protected jakarta.ws.rs.core.Response unreadableHeader(String header) {
        return Problems.response(400, "unreadable-header", "Unreadable header",
                "The " + header + " header is not a valid list of media types",
                List.of(new FieldError(header, "must be media types such as application/json")));
    }

    /** The answer in place of an error page the container would send. */
    protected jakarta.ws.rs.core.Response containerError(int status) {
        return status == 400
                ? Problems.response(400, "unreadable-request", "Unreadable request",
                        "The request could not be read; check its headers", List.of())
                : Problems.forStatus(status);
    }

    /** The first header that should hold media types and does not, as JAX-RS would parse it. */
    static Optional<String> malformedHeader(HttpServletRequest request) {
        for (String header : MEDIA_TYPE_HEADERS) {
            for (String value : Collections.list(request.getHeaders(header))) {
                if (!isMediaTypeList(value, "Accept".equals(header))) {
                    return Optional.of(header);
                }
            }
        }
        return Optional.empty();
    }

    static boolean isMediaTypeList(String value, boolean list) {
        if (value.isBlank()) {
            return !list || value.isEmpty();
        }
        try {
            for (String type : list ? value.split(",") : new String[] {value}) {
                MediaType parsed = MediaType.valueOf(type.trim());
                String quality = parsed.getParameters().get("q");
                if (quality != null) {
                    Float.parseFloat(quality);
                }
                // Entity readers look the charset up by name and fail on an unknown one.
                String charset = parsed.getParameters().get("charset");
                if (charset != null && !java.nio.charset.Charset.isSupported(charset)) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException malformed) {
            // IllegalCharsetNameException and NumberFormatException included.
            return false;
        }
    }

    private static void write(HttpServletResponse response, jakarta.ws.rs.core.Response problem) throws IOException {
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(problem.getMediaType().toString());
        response.setCharacterEncoding("UTF-8");
        byte[] body = problem.getEntity().toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
