package dev.souk.notifications.webhooks;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.accounts.SignedInMember;
import dev.souk.shared.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operators manage webhook endpoints through the API as on {@code /admin/webhooks}. */
@RestController
@RequestMapping("/api/v1/admin/webhooks")
@Tag(
        name = "Webhooks",
        description = "Operators: endpoints that receive signed marketplace events, and their deliveries")
class WebhooksApi {

    private final Webhooks webhooks;
    private final Accounts accounts;

    WebhooksApi(Webhooks webhooks, Accounts accounts) {
        this.webhooks = webhooks;
        this.accounts = accounts;
    }

    // --- JSON shapes -----------------------------------------------------------------------------

    record WebhookEndpointJson(
            UUID id,
            String url,
            String description,
            List<String> events,
            String state,
            @Nullable String pausedReason,
            @Nullable Instant pausedAt,
            @Nullable Instant failingSince,
            Instant createdAt) {

        static WebhookEndpointJson of(Endpoint e) {
            return new WebhookEndpointJson(
                    e.id(),
                    e.url(),
                    e.description(),
                    e.events().stream().map(EventType::key).toList(),
                    e.paused() ? "paused" : "enabled",
                    e.pausedReason(),
                    e.pausedAt(),
                    e.failingSince(),
                    e.createdAt());
        }
    }

    /** A new endpoint with its signing secret. */
    record WebhookCreatedJson(WebhookEndpointJson endpoint, String secret) {}

    record WebhookSecretJson(String secret) {}

    record WebhookEndpointInJson(
            @Nullable String url,
            @Nullable List<String> events,
            @Nullable String description) {}

    record WebhookDeliveryJson(
            UUID id,
            UUID eventId,
            String eventType,
            String status,
            int attempts,
            @Nullable Integer lastStatusCode,
            @Nullable String lastError,
            @Nullable Instant lastAttemptAt,
            @Nullable Instant nextAttemptAt,
            Instant createdAt,
            String payload) {

        static WebhookDeliveryJson of(Delivery d) {
            return new WebhookDeliveryJson(
                    d.id(),
                    d.eventId(),
                    d.eventType(),
                    d.status().key(),
                    d.attempts(),
                    d.lastStatusCode(),
                    d.lastError(),
                    d.lastAttemptAt(),
                    d.nextAttemptAt(),
                    d.createdAt(),
                    d.payload());
        }
    }

    record Page<T>(List<T> items, @Nullable String nextCursor) {}

    // --- operations ------------------------------------------------------------------------------

    @GetMapping
    @Operation(summary = "Operators: every webhook endpoint, oldest first (without secrets)")
    @ApiResponse(responseCode = "200", description = "The endpoints")
    @ApiResponse(responseCode = "403", description = "The caller is not an operator")
    Page<WebhookEndpointJson> list(SignedInMember me) {
        requireOperator(me);
        return new Page<>(
                webhooks.endpoints().stream().map(WebhookEndpointJson::of).toList(), null);
    }

    @PostMapping
    @Operation(
            summary = "Operators: registers an endpoint for some of the event types `transaction.moved`,"
                    + " `payment.failed`, `payment.refunded`, `payout.sent`, `review.published`,"
                    + " `listing.published`, `listing.closed`, `message.sent`; answers its signing secret")
    @ApiResponse(responseCode = "201", description = "The endpoint and its signing secret")
    @ApiResponse(responseCode = "403", description = "The caller is not an operator")
    ResponseEntity<WebhookCreatedJson> create(SignedInMember me, @RequestBody WebhookEndpointInJson body) {
        requireOperator(me);
        Webhooks.Created created = webhooks.create(
                body.url() == null ? "" : body.url(),
                body.events() == null ? List.of() : body.events(),
                body.description() == null ? "" : body.description());
        return ResponseEntity.created(URI.create(
                        "/api/v1/admin/webhooks/" + created.endpoint().id()))
                .body(new WebhookCreatedJson(WebhookEndpointJson.of(created.endpoint()), created.secret()));
    }

    @GetMapping("/{id}/secret")
    @Operation(summary = "Operators: the endpoint's signing secret")
    @ApiResponse(responseCode = "200", description = "The secret")
    @ApiResponse(responseCode = "403", description = "The caller is not an operator")
    WebhookSecretJson secret(SignedInMember me, @PathVariable UUID id) {
        requireOperator(me);
        return new WebhookSecretJson(webhooks.secret(id));
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "Operators: the endpoint's 50 most recent deliveries, newest first")
    @ApiResponse(responseCode = "200", description = "The deliveries, each with the payload as sent")
    @ApiResponse(responseCode = "403", description = "The caller is not an operator")
    Page<WebhookDeliveryJson> deliveries(SignedInMember me, @PathVariable UUID id) {
        requireOperator(me);
        return new Page<>(
                webhooks.deliveries(id).stream().map(WebhookDeliveryJson::of).toList(), null);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Operators: deletes the endpoint and its deliveries; nothing pending is sent")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "403", description = "The caller is not an operator")
    void delete(SignedInMember me, @PathVariable UUID id) {
        requireOperator(me);
        webhooks.delete(id);
    }

    private void requireOperator(SignedInMember me) {
        if (accounts.account(me.id()).filter(MemberAccount::operator).isEmpty()) {
            throw Refusal.forbidden("webhooks.operatorsOnly");
        }
    }
}
