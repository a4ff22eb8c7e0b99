package dev.souk.infra;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The {@code Idempotency-Key} header in the OpenAPI document: described once, as a parameter of the
 * document's components, and referred to from every write that honours it.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyKeyDocumentation {

    private static final String PARAMETER = "IdempotencyKey";
    private static final String DESCRIPTION = """
            Makes the write safe to send again, e.g. after a timeout: a new key (a UUID, say) per \
            intended write. The first request with a key runs; the same request again with the same key \
            (from the same member, or address when signed out) for at least 24 hours gets the first answer, \
            status, body and Location alike, with `Idempotent-Replayed: true`, and is not done twice. \
            The key with a different request is refused (422); while the first request still runs, \
            the second waits for `Retry-After` (409). Answers of 5xx and 429 are not kept: the same key \
            may be tried again.""";

    /** Runs before the customizer that gives every error response its problem content. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    OpenApiCustomizer idempotencyKeyHeader() {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents()
                    .addParameters(
                            PARAMETER,
                            new HeaderParameter()
                                    .name(IdempotencyKeyFilter.HEADER)
                                    .required(false)
                                    .description(DESCRIPTION)
                                    .schema(new StringSchema()
                                            .minLength(1)
                                            .maxLength(IdempotencyKeyFilter.MAX_LENGTH)
                                            // visible ASCII
                                            .pattern("^[!-~]+$")));
            String reference = "#/components/parameters/" + PARAMETER;
            api.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        if (!IdempotencyKeyFilter.covered(method.name(), path)
                                || (operation.getParameters() != null
                                        && operation.getParameters().stream()
                                                .anyMatch(p -> reference.equals(p.get$ref())))) {
                            return;
                        }
                        operation.addParametersItem(new Parameter().$ref(reference));
                        if (operation.getResponses() == null) {
                            operation.setResponses(new ApiResponses());
                        }
                        ApiResponses responses = operation.getResponses();
                        responses.putIfAbsent("400", new ApiResponse().description("The Idempotency-Key is malformed"));
                        responses.putIfAbsent(
                                "409",
                                new ApiResponse()
                                        .description(
                                                "The first request with this Idempotency-Key still runs: wait Retry-After seconds"));
                        responses.putIfAbsent(
                                "422",
                                new ApiResponse().description("The Idempotency-Key was used for a different request"));
                    }));
        };
    }
}
