package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document the server serves: valid OpenAPI 3.1 by an independent parser, and
 * exactly the endpoints the code has, found by reading the resource classes, with their errors.
 */
@ExtendWith(ArquillianExtension.class)
class OpenApiIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    private static String document() {
        HttpResponse<String> served = Api.send(HttpRequest.newBuilder(URI.create(Api.BASE + "/openapi?format=JSON")).build());
        assertEquals(200, served.statusCode(), served.body());
        return served.body();
    }

    private static OpenAPI parsed() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document(), null, options);
        assertEquals(java.util.List.of(), result.getMessages(), "the parser's complaints");
        assertNotNull(result.getOpenAPI());
        return result.getOpenAPI();
    }

    @Test
    void theDocumentIsValidOpenApi31() {
        OpenAPI api = parsed();
        assertTrue(api.getOpenapi().startsWith("3.1"), api.getOpenapi());
        assertEquals("Orator", api.getInfo().getTitle());
        assertTrue(api.getComponents().getSecuritySchemes().keySet().containsAll(Set.of("apiKey", "operator")));
    }

    @Test
    void everyEndpointIsInTheDocumentAndNothingElse() throws Exception {
        Set<String> inCode = new TreeSet<>();
        for (Class<?> resource : resourceClasses()) {
            String root = resource.getPackageName().equals("io.orator.openai") ? "/v1" : "/api";
            String classPath = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getMethods()) {
                String verb = httpMethod(method);
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    inCode.add(verb + " " + normalize(root + "/" + classPath + (sub == null ? "" : "/" + sub.value())));
                }
            }
        }
        assertTrue(inCode.size() > 30, inCode.toString());

        Set<String> documented = new TreeSet<>();
        parsed().getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> documented.add(method.name() + " " + path)));
        assertEquals(inCode, documented);

        // The OpenAI resources answer at /v1 only, not also under Orator's own /api.
        for (String path : java.util.List.of("/api/models", "/api/audio/voices")) {
            HttpResponse<String> elsewhere = Api.get(path);
            assertEquals(404, elsewhere.statusCode(), path);
            assertEquals("urn:orator:problem:not-found", Api.json(elsewhere).getString("type"));
        }
        assertEquals(200, Api.get("/v1/models").statusCode());
    }

    @Test
    void everyOperationSaysWhatItDoesAndHowItFails() {
        OpenAPI api = parsed();
        Set<String> operationIds = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            assertFalse(operation.getSummary() == null || operation.getSummary().isBlank(), name + " has a summary");
            assertTrue(operationIds.add(operation.getOperationId()), name + " has its own operationId");
            Map<String, ApiResponse> responses = operation.getResponses();
            assertTrue(responses.keySet().stream().anyMatch(code -> code.startsWith("2")), name + " says its success");
            assertTrue(responses.containsKey("401"), name + " says how it refuses a caller");
            String errorType = path.startsWith("/api/") ? "application/problem+json" : "application/json";
            responses.forEach((code, response) -> {
                if (code.startsWith("4") && response.getContent() != null || code.equals("422")) {
                    assertTrue(response.getContent().containsKey(errorType), name + " " + code + " is " + errorType);
                }
            });
            if (path.startsWith("/api/v1/admin/")) {
                assertEquals(1, operation.getSecurity().size(), name + ": operators only");
            }
        }));
        Operation submit = api.getPaths().get("/api/v1/syntheses").getPost();
        assertNotNull(submit.getRequestBody().getContent().get("application/json").getSchema(), "the submission's schema");
        Schema<?> speech = api.getComponents().getSchemas().get("SpeechRequest");
        Schema<?> responseFormat = speech.getProperties().get("response_format");
        assertEquals(Set.of("mp3", "opus", "aac", "flac", "wav", "pcm"), Set.copyOf(responseFormat.getEnum()));
        PathItem audio = api.getPaths().get("/api/v1/syntheses/{id}/audio");
        assertTrue(audio.getGet().getResponses().get("200").getContent().keySet()
                .containsAll(Set.of("audio/wav", "audio/mpeg", "audio/ogg", "audio/aac", "audio/flac", "audio/pcm")));
    }

    /** Every class with a JAX-RS {@code @Path}, as the deployment's scan finds them. */
    private static Set<Class<?>> resourceClasses() throws ClassNotFoundException {
        Set<Class<?>> resources = new java.util.LinkedHashSet<>();
        for (var imported : new ClassFileImporter().importPackages("io.orator")) {
            if (imported.isAnnotatedWith(Path.class) && !imported.getPackageName().startsWith("io.orator.it")) {
                resources.add(Class.forName(imported.getName()));
            }
        }
        return resources;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    /** {@code /api//v1/admin/{path: a|b}/} as OpenAPI writes it: {@code /api/v1/admin/{path}}. */
    private static String normalize(String path) {
        String plain = path.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return plain.length() > 1 && plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }
}
