package dev.souk.payments;

import dev.souk.infra.InstallSecrets;
import dev.souk.payments.CardSimulatorStore.PendingEvent;
import dev.souk.payments.PaymentGateway.BadSignature;
import dev.souk.payments.PaymentGateway.WebhookEvent;
import dev.souk.shared.Money;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The card simulator's webhooks, the only way besides the answers of its calls that it tells Souk
 * anything: each change writes an event in its own transaction ({@link #emit}); the event is posted,
 * signed, to Souk's webhook endpoint right after that commit and, until it is answered with a 2xx, again
 * by a sweep every few seconds with growing pauses. Safe on any number of app nodes: a node claims an
 * event before it posts it, and no other node posts it until a retry would be due.
 */
@Component
class CardSimulatorWebhooks {

    private static final Logger log = LoggerFactory.getLogger(CardSimulatorWebhooks.class);

    static final String PATH = "/api/v1/webhooks/" + Gateway.CARD_SIMULATOR.key();
    static final String KEY_NAME = "card-simulator-webhooks";

    /**
     * The pause after the 1st, 2nd, … failed attempt; after the last, attempts go on at that pause until
     * one is answered. The first outlasts one post under the timeouts below, so a claim never expires
     * while its post is still under way.
     */
    static final List<Duration> BACKOFF = List.of(
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofHours(1));

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** An event's JSON is a few hundred bytes; a body longer than this is not read. */
    static final int BODY_MAX = 16 * 1024;

    private static final int TEXT_MAX = 200;
    private static final int SWEEP_BATCH = 50;

    private final CardSimulatorStore store;
    private final InstallSecrets secrets;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final TaskExecutor executor;
    private final JsonMapper json;
    private final @Nullable URI configuredUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** This node's own endpoint, known once its server listens. */
    private volatile @Nullable URI ownUrl;

    CardSimulatorWebhooks(
            CardSimulatorStore store,
            InstallSecrets secrets,
            Clock clock,
            TransactionTemplate transactions,
            @Qualifier("applicationTaskExecutor") TaskExecutor executor,
            JsonMapper json,
            @Value("${souk.payments.simulator.webhook-url:}") String webhookUrl) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
        this.transactions = transactions;
        this.executor = executor;
        this.json = json;
        this.configuredUrl = webhookUrl.isBlank() ? null : endpoint(webhookUrl.strip());
    }

    private static URI endpoint(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("souk.payments.simulator.webhook-url is not an address: " + url, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException("souk.payments.simulator.webhook-url must be an http(s) address: " + url);
        }
        return uri;
    }

    /** The site's own server (not the management server, which has a namespace) tells its port. */
    @EventListener
    void on(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            ownUrl = URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + PATH);
        }
    }

    /** Where webhooks go: the configured address, else this node's own endpoint once its server listens. */
    @Nullable
    URI url() {
        return configuredUrl != null ? configuredUrl : ownUrl;
    }

    // --- writing ---------------------------------------------------------------------------------

    /** Records an event in the caller's transaction; it is posted after that commits, and never if it rolls back. */
    void emit(
            WebhookEvent.Kind kind,
            String reference,
            @Nullable Money amount,
            @Nullable String failureCode,
            Instant now) {
        UUID id = UUID.randomUUID();
        store.addEvent(new WebhookEvent(id.toString(), kind, reference, amount, failureCode, now));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                deliverSoon(id);
            }
        });
    }

    /** The event as posted. Every property is always there, {@code null} when it has no value. */
    byte[] body(WebhookEvent event) {
        ObjectNode node = json.createObjectNode();
        node.put("id", event.id());
        node.put("kind", event.kind().name());
        node.put("reference", event.reference());
        Money amount = event.amount();
        if (amount == null) {
            node.putNull("amount");
        } else {
            node.putObject("amount")
                    .put("amount", amount.amount())
                    .put("currency", amount.currency().getCurrencyCode());
        }
        node.put("failureCode", event.failureCode());
        node.put("createdAt", event.createdAt().toString());
        return json.writeValueAsBytes(node);
    }

    // --- delivering ------------------------------------------------------------------------------

    void deliverSoon(UUID id) {
        try {
            executor.execute(() -> deliver(id));
        } catch (TaskRejectedException e) {
            // the application is shutting down; the event stays pending and a sweep posts it
            log.debug("Webhook {} left for the sweep: {}", id, e.getMessage());
        }
    }

    private void deliver(UUID id) {
        URI url = url();
        if (url != null) {
            claim(now -> store.lockEventIfDue(id, now)).ifPresent(event -> post(url, event));
        }
    }

    @Scheduled(fixedDelay = 2, initialDelay = 2, timeUnit = TimeUnit.SECONDS)
    void sweep() {
        URI url = url();
        if (url == null) {
            return;
        }
        for (int i = 0; i < SWEEP_BATCH; i++) {
            Optional<PendingEvent> event = claim(store::lockNextDueEvent);
            if (event.isEmpty()) {
                return;
            }
            post(url, event.get());
        }
    }

    /**
     * Claims a due event in a short transaction of its own: counts the attempt and moves the next one to
     * when a retry would be due. No row lock is held while posting, and if this node dies mid-post, the
     * retry simply comes due.
     */
    private Optional<PendingEvent> claim(Function<Instant, Optional<PendingEvent>> lock) {
        Optional<PendingEvent> claimed = transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<PendingEvent> event = lock.apply(now);
            event.ifPresent(
                    e -> store.recordAttempt(UUID.fromString(e.event().id()), now.plus(pauseAfter(e.attempts() + 1))));
            return event;
        });
        return claimed == null ? Optional.empty() : claimed;
    }

    static Duration pauseAfter(int attempt) {
        return BACKOFF.get(Math.min(attempt, BACKOFF.size()) - 1);
    }

    private void post(URI url, PendingEvent pending) {
        WebhookEvent event = pending.event();
        UUID id = UUID.fromString(event.id());
        byte[] body = body(event);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Souk card simulator")
                .header(WebhookSignature.HEADER, WebhookSignature.header(key(), clock.instant(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        String failure;
        try {
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                store.markDelivered(id, clock.instant());
                return;
            }
            failure = "answered " + status;
        } catch (IOException e) {
            failure = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        store.recordFailure(id, failure);
        log.warn(
                "Webhook {} {} for {} not delivered (attempt {}, next in {}): {}",
                event.id(),
                event.kind(),
                event.reference(),
                pending.attempts() + 1,
                pauseAfter(pending.attempts() + 1),
                failure);
    }

    private byte[] key() {
        return secrets.key(KEY_NAME);
    }

    // --- reading ---------------------------------------------------------------------------------

    /** Checks the signature, then reads the event; anything wrong with either is a {@link BadSignature}. */
    WebhookEvent verify(Map<String, String> headers, byte[] body) {
        if (body.length > BODY_MAX) {
            throw new BadSignature("body longer than " + BODY_MAX + " bytes");
        }
        String header = headers.entrySet().stream()
                .filter(h -> WebhookSignature.HEADER.equalsIgnoreCase(h.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        WebhookSignature.check(header, key(), clock.instant(), body);
        try {
            JsonNode node = json.readTree(body);
            JsonNode amount = node.path("amount");
            return new WebhookEvent(
                    text(node, "id"),
                    kind(text(node, "kind")),
                    text(node, "reference"),
                    absent(amount) ? null : money(amount),
                    absent(node.path("failureCode")) ? null : text(node, "failureCode"),
                    Instant.parse(text(node, "createdAt")));
        } catch (JacksonException | DateTimeException | IllegalArgumentException e) {
            throw new BadSignature("signed, but not an event: " + e.getMessage());
        }
    }

    private static boolean absent(JsonNode value) {
        return value.isNull() || value.isMissingNode();
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.path(name);
        if (!value.isString()
                || value.stringValue().isBlank()
                || value.stringValue().length() > TEXT_MAX) {
            throw new IllegalArgumentException(name + " is not a text of 1 to " + TEXT_MAX + " characters");
        }
        return value.stringValue();
    }

    private static WebhookEvent.Kind kind(String name) {
        try {
            return WebhookEvent.Kind.valueOf(name);
        } catch (IllegalArgumentException e) {
            return WebhookEvent.Kind.OTHER;
        }
    }

    private static Money money(JsonNode node) {
        JsonNode amount = node.path("amount");
        if (!amount.isIntegralNumber() || !amount.canConvertToLong() || amount.longValue() < 0) {
            throw new IllegalArgumentException("amount is not a whole number of minor units");
        }
        return new Money(amount.longValue(), Currency.getInstance(text(node, "currency")));
    }
}
