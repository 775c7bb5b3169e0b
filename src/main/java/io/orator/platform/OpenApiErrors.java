package io.orator.platform;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Completes the OpenAPI document with what every {@code /api} operation shares, so each
 * resource states only its own answers: the problem+json errors any request can meet, and who
 * may call it (operators alone under {@code /api/v1/admin}).
 */
public class OpenApiErrors implements OASFilter {

    private static final String PROBLEM = "application/problem+json";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> complete(path, method, operation));
            }
        });
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
        boolean admin = path.startsWith("/api/v1/admin/");
        boolean hasBody = operation.getRequestBody() != null;
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses()
                : operation.getResponses();
        add(responses, "400", "The request cannot be read: malformed JSON, headers or encoding");
        add(responses, "401", admin ? "No valid operator credentials" : "No acceptable credentials");
        if (admin) {
            add(responses, "403", "Not an operator, or a cross-site request");
        }
        if (path.contains("{id}")) {
            add(responses, "404", "No such job or key for this caller (the same answer as an unknown id)");
        }
        if (hasBody) {
            add(responses, "415", "The body is not application/json");
        }
        add(responses, "422", "A field is invalid; errors[].field names it");
        if (!admin) {
            add(responses, "429", "The client is at one of its limits, or the queue is full; see Retry-After");
        }
        add(responses, "500", "A server error; logged, with nothing internal in the body");
        operation.setResponses(responses);
        SecurityRequirement operator = OASFactory.createSecurityRequirement().addScheme("operator");
        operation.setSecurity(admin ? List.of(operator) : List.of(
                OASFactory.createSecurityRequirement().addScheme("apiKey"), operator,
                OASFactory.createSecurityRequirement()));
    }

    private static void add(APIResponses responses, String status, String description) {
        Map<String, ?> existing = responses.getAPIResponses();
        if (existing != null && existing.containsKey(status)) {
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(PROBLEM, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("Problem")))));
    }
}
