package io.orator.openai;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The OpenAI-compatible API at {@code /v1}, so that OpenAI's SDKs work with their base URL set
 * to {@code http://<server>/v1}. Its classes are listed here, errors in OpenAI's shape among
 * them; the rest of Orator's providers (problem+json) stay with {@code /api}.
 */
@ApplicationPath("/v1")
public class OpenAiApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(SpeechResource.class, CatalogResource.class, OpenAiRefusals.class,
                OpenAiErrorMappers.OpenAi.class, OpenAiErrorMappers.Problem.class, OpenAiErrorMappers.Web.class,
                OpenAiErrorMappers.Processing.class, OpenAiErrorMappers.Json.class, OpenAiErrorMappers.Unexpected.class);
    }
}
