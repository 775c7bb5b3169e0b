package io.orator.platform;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads JSON request bodies whole (they are bounded) and rejects invalid UTF-8 and oversized
 * bodies before any parser sees them: a lenient decoder would silently turn bad bytes into
 * U+FFFD and the user's words would be changed without notice.
 */
@Provider
public class StrictUtf8Filter implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "orator.limits.max-request-bytes", defaultValue = "1048576")
    int maxRequestBytes;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        MediaType type = request.getMediaType();
        if (!request.hasEntity() || type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return;
        }
        byte[] body = readAtMost(request.getEntityStream(), maxRequestBytes);
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new ProblemException(400, "invalid-encoding", "Invalid UTF-8",
                    "The request body is not valid UTF-8", List.of(), Map.of());
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw new ProblemException(413, "too-large", "Request too large",
                    "The request body exceeds " + limit + " bytes", List.of(), Map.of());
        }
        return body;
    }
}
