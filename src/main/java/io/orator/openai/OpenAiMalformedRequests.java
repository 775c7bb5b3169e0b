package io.orator.openai;

import io.orator.platform.MalformedRequests;
import jakarta.servlet.annotation.WebFilter;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@link MalformedRequests} for the OpenAI-compatible API: the same refusals, in OpenAI's error shape. */
@WebFilter(urlPatterns = "/v1/*", asyncSupported = true)
public class OpenAiMalformedRequests extends MalformedRequests {

    @Override
    protected Response unreadableHeader(String header) {
        return OpenAiError.response(400, "invalid_request_error", header, "unreadable_header",
                "The " + header + " header is not a valid list of media types", Map.of());
    }

    @Override
    protected Response containerError(int status) {
        return OpenAiError.response(status, OpenAiError.typeFor(status), null, null,
                status == 400 ? "The request could not be read; check its headers" : "HTTP " + status, Map.of());
    }
}
