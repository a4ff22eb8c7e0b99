package dev.souk.accounts;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the OpenAPI document describes signing in. An operation that takes the {@link SignedInMember}
 * requires a bearer token; every other one works without and uses a token when one is sent (a
 * member sees their own drafts). The member argument is supplied by {@link SignedInMemberResolver},
 * so it is no parameter of any operation.
 */
@Configuration(proxyBeanMethods = false)
class ApiTokenDocumentation {

    static final String SCHEME = "bearerToken";

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(SignedInMember.class);
    }

    @Bean
    OpenApiCustomizer bearerTokens() {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents()
                    .addSecuritySchemes(
                            SCHEME,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer")
                                    .description(
                                            "A token from POST /api/v1/auth/tokens, valid 30 days unless revoked"));
            // anonymous, or with a token
            api.setSecurity(List.of(new SecurityRequirement(), new SecurityRequirement().addList(SCHEME)));
        };
    }

    @Bean
    OperationCustomizer memberOperations() {
        return (operation, handler) -> {
            boolean member = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(p -> p.getParameterType() == SignedInMember.class);
            if (member) {
                operation.setSecurity(List.of(new SecurityRequirement().addList(SCHEME)));
            }
            if (operation.getResponses() == null) {
                operation.setResponses(new ApiResponses());
            }
            // ApiTokenFilter refuses a wrong token on every operation, whether or not it needs one
            operation
                    .getResponses()
                    .putIfAbsent(
                            "401",
                            new ApiResponse()
                                    .description(
                                            member
                                                    ? "No token, or a wrong, expired or revoked one"
                                                    : "The token sent is wrong, expired or revoked"));
            return operation;
        };
    }
}
