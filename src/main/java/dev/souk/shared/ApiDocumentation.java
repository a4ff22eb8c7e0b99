package dev.souk.shared;

import dev.souk.infra.SoukProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.Comparator;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * What the OpenAPI document ({@code /api/openapi.json}) says about the API as a whole: who serves it,
 * and the problem responses every operation can give. An operation declares the refusals only it can
 * give ({@code @ApiResponse(responseCode = "422", description = ...)}); the ones that follow from its
 * shape (parameters: 400, an id in the path: 404, an upload: 413) are added here, and every error
 * response is described as the {@value #PROBLEM} schema in {@code application/problem+json}.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";

    private static final String DESCRIPTION = """
            The JSON API of a Souk marketplace: members, listings, search and messages.

            Sign in by exchanging email and password for a token (`POST /api/v1/auth/tokens`) and send it \
            as `Authorization: Bearer <token>`. Operations that act for a member need it; the others work \
            without and take it into account when it is sent.

            Errors are RFC 9457 problems (`application/problem+json`) with a stable `type` \
            (`urn:souk:problem:<kind>`); refusals add a `code` naming the reason, invalid input lists \
            `errors: [{field, message}]`. Lists answer `{items, nextCursor}`; pass `nextCursor` as `cursor` \
            for the next page. Money is `{amount, currency}` in minor units of an ISO 4217 currency; \
            instants are ISO 8601 in UTC.""";

    @Bean
    OpenAPI apiDocument(SoukProperties properties) {
        return new OpenAPI()
                .info(new Info()
                        .title("Souk API")
                        .version("v1")
                        .description(DESCRIPTION)
                        .license(new License()
                                .name("Apache License 2.0")
                                .url("https://www.apache.org/licenses/LICENSE-2.0")))
                // the public address (SOUK_BASE_URL), not the one a request happened to come in by
                .servers(List.of(new Server()
                        .url(properties.baseUrl().replaceAll("/+$", ""))
                        .description("This marketplace")));
    }

    /** The problems an operation can give because of its shape. */
    @Bean
    OperationCustomizer problemsOfTheShape() {
        return (operation, handler) -> {
            List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
            boolean body = operation.getRequestBody() != null;
            if (body || !parameters.isEmpty()) {
                add(
                        operation,
                        HttpStatus.BAD_REQUEST,
                        "A parameter or the body is malformed or invalid; `errors` names each invalid field");
            }
            if (parameters.stream().anyMatch(p -> "path".equals(p.getIn()))) {
                add(operation, HttpStatus.NOT_FOUND, "No such thing, or not one the caller may see");
            }
            if (body && operation.getRequestBody().getContent().containsKey("multipart/form-data")) {
                add(operation, HttpStatus.PAYLOAD_TOO_LARGE, "The file is larger than allowed");
            }
            return operation;
        };
    }

    /**
     * Runs after the operations are built: every error response, declared on an operation or added
     * above, carries a problem; tags are sorted so the document reads the same on every start.
     */
    @Bean
    OpenApiCustomizer problemContent() {
        return api -> {
            // added here, not to the document above: springdoc drops schemas nothing refers to yet
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents().addSchemas(PROBLEM, problemSchema()).addSchemas(FIELD_ERROR, fieldErrorSchema());
            Content problem = new Content()
                    .addMediaType(
                            org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
            api.getPaths().values().stream()
                    .map(PathItem::readOperations)
                    .flatMap(List::stream)
                    .map(Operation::getResponses)
                    .flatMap(responses -> responses.entrySet().stream())
                    .filter(response -> response.getKey().matches("[45]\\d\\d"))
                    .forEach(response -> {
                        response.getValue().setContent(problem);
                        if (response.getValue().getDescription() == null
                                || response.getValue().getDescription().isBlank()) {
                            response.getValue()
                                    .setDescription(HttpStatus.valueOf(Integer.parseInt(response.getKey()))
                                            .getReasonPhrase());
                        }
                    });
            if (api.getTags() != null) {
                api.getTags().sort(Comparator.comparing(Tag::getName));
            }
        };
    }

    private static void add(Operation operation, HttpStatus status, String description) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        operation
                .getResponses()
                .putIfAbsent(String.valueOf(status.value()), new ApiResponse().description(description));
    }

    /** The shape {@link ApiExceptionHandler} and the error controller answer with (RFC 9457). */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem")
                .addProperty(
                        "type",
                        new StringSchema()
                                .format("uri")
                                .description(
                                        "Stable identifier of the kind of problem, e.g. urn:souk:problem:validation"))
                .addProperty("title", new StringSchema().description("Short summary of the kind of problem"))
                .addProperty("status", new IntegerSchema().description("The HTTP status"))
                .addProperty("detail", new StringSchema().description("What went wrong, in the reader's language"))
                .addProperty(
                        "instance", new StringSchema().format("uri").description("The path the problem occurred at"))
                .addProperty(
                        "code", new StringSchema().description("Stable code of the reason, e.g. listings.incomplete"))
                .addProperty(
                        "reference",
                        new StringSchema().description("For server errors: the reference to quote to the operator"))
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR))
                                .description("For invalid input: each field and what is wrong with it"))
                .required(List.of("type", "title", "status"));
    }

    private static Schema<?> fieldErrorSchema() {
        return new ObjectSchema()
                .addProperty(
                        "field", new StringSchema().description("The field or parameter, e.g. price or days[2].opens"))
                .addProperty(
                        "message", new StringSchema().description("What is wrong with it, in the reader's language"))
                .required(List.of("field", "message"));
    }
}
