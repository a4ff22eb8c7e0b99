package dev.souk.notifications.webhooks;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.infra.SecretBox;
import dev.souk.infra.SoukProperties;
import dev.souk.mail.MailMessage;
import dev.souk.mail.Mailer;
import dev.souk.marketplace.Marketplace;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The facade of outbound webhooks: the operator's endpoints, the deliveries of each event to them, and
 * the attempts that deliver them.
 *
 * <p>Retries: an attempt fails unless the endpoint answers 2xx in time. The next one follows after 30
 * seconds, doubling each time up to 6 hours, each delay stretched by up to a fifth at random so that
 * endpoints coming back are not hit by every retry at once; the last one is made 24 hours after the
 * first. A delivery whose last attempt failed stays failed until the operator sends it again.
 *
 * <p>Pausing: when a delivery fails for good and the endpoint has answered no attempt at all since that
 * delivery's first one, i.e. everything sent there failed for 24 hours, the endpoint is paused, the
 * operators are mailed and the admin page says so. Nothing is recorded for a paused endpoint until the
 * operator resumes it; what was pending then goes on.
 */
@Service
public class Webhooks {

    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_RETRY = Duration.ofHours(6);
    static final Duration RETRY_FOR = Duration.ofHours(24);
    /** Longer than any attempt takes: past it, an attempt whose node died is made again. */
    static final Duration CLAIM = Duration.ofMinutes(5);

    /** How long finished deliveries are kept for the operator to look into. */
    static final Duration KEPT_FOR = Duration.ofDays(30);

    static final int DESCRIPTION_MAX = 200;
    static final int DELIVERIES_SHOWN = 50;
    static final int BATCH = 20;

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

    private final WebhookStore store;
    private final Destinations destinations;
    private final WebhookSender sender;
    private final SecretBox box;
    private final JsonMapper json;
    private final Accounts accounts;
    private final Mailer mailer;
    private final MessageSource messages;
    private final Marketplace marketplace;
    private final SoukProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Webhooks(
            WebhookStore store,
            Destinations destinations,
            WebhookSender sender,
            SecretBox box,
            JsonMapper json,
            Accounts accounts,
            Mailer mailer,
            MessageSource messages,
            Marketplace marketplace,
            SoukProperties properties,
            TransactionTemplate transactions,
            Clock clock) {
        this.store = store;
        this.destinations = destinations;
        this.sender = sender;
        this.box = box;
        this.json = json;
        this.accounts = accounts;
        this.mailer = mailer;
        this.messages = messages;
        this.marketplace = marketplace;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A new endpoint and its signing secret, which the operator gives their integration. */
    public record Created(Endpoint endpoint, String secret) {}

    // --- endpoints -------------------------------------------------------------------------------

    /**
     * Registers an endpoint for these event types (their keys, e.g. {@code transaction.moved}).
     *
     * @throws InvalidInput naming {@code url}, {@code events} or {@code description}
     */
    @Transactional
    public Created create(String url, List<String> events, String description) {
        List<FieldProblem> problems = new ArrayList<>();
        URI address = null;
        try {
            address = destinations.check("url", url);
        } catch (InvalidInput invalid) {
            problems.addAll(invalid.problems());
        }
        Set<EventType> types = new LinkedHashSet<>();
        if (events.isEmpty()) {
            problems.add(new FieldProblem("events", "webhooks.events.missing"));
        } else if (events.size() > EventType.values().length * 2) {
            problems.add(new FieldProblem("events", "webhooks.events.unknown"));
        } else {
            for (String key : events) {
                EventType.byKey(key == null ? "" : key).ifPresentOrElse(types::add, () -> {
                    if (problems.stream().noneMatch(p -> p.field().equals("events"))) {
                        problems.add(new FieldProblem("events", "webhooks.events.unknown"));
                    }
                });
            }
        }
        String text = description.strip();
        if (text.length() > DESCRIPTION_MAX || !Text.oneLine(text)) {
            problems.add(new FieldProblem("description", "webhooks.description.invalid", DESCRIPTION_MAX));
        }
        if (!problems.isEmpty() || address == null) {
            throw new InvalidInput(problems);
        }
        UUID id = UUID.randomUUID();
        String secret = Signatures.newSecret();
        List<EventType> ordered =
                List.of(EventType.values()).stream().filter(types::contains).toList();
        store.addEndpoint(
                id,
                address.toString(),
                text,
                ordered,
                box.seal(secret.getBytes(StandardCharsets.UTF_8), id),
                clock.instant());
        return new Created(endpoint(id), secret);
    }

    @Transactional(readOnly = true)
    public List<Endpoint> endpoints() {
        return store.endpoints();
    }

    /** @throws Refusal not found */
    @Transactional(readOnly = true)
    public Endpoint endpoint(UUID id) {
        return store.endpoint(id).orElseThrow(() -> Refusal.notFound("webhooks.notFound"));
    }

    /** The endpoint's signing secret, for the operator to read again. */
    @Transactional(readOnly = true)
    public String secret(UUID id) {
        byte[] sealed = store.sealedSecret(id).orElseThrow(() -> Refusal.notFound("webhooks.notFound"));
        return new String(box.open(sealed, id), StandardCharsets.UTF_8);
    }

    /** Deletes the endpoint with its deliveries; what was pending for it is never sent. */
    @Transactional
    public void delete(UUID id) {
        if (!store.deleteEndpoint(id)) {
            throw Refusal.notFound("webhooks.notFound");
        }
    }

    @Transactional
    public void pause(UUID id) {
        endpoint(id);
        if (!store.pause(id, "operator", clock.instant())) {
            throw Refusal.invalidState("webhooks.alreadyPaused");
        }
    }

    /** Enables a paused endpoint again; what is pending for it goes out at once. */
    @Transactional
    public void resume(UUID id) {
        endpoint(id);
        if (!store.resume(id)) {
            throw Refusal.invalidState("webhooks.notPaused");
        }
    }

    /** Whether Souk paused an endpoint that kept failing, for the admin page's banner. */
    @Transactional(readOnly = true)
    public boolean anyPausedForFailing() {
        return store.anyPausedForFailing();
    }

    // --- deliveries ------------------------------------------------------------------------------

    /** The endpoint's most recent deliveries, newest first. */
    @Transactional(readOnly = true)
    public List<Delivery> deliveries(UUID endpointId) {
        endpoint(endpointId);
        return store.deliveries(endpointId, DELIVERIES_SHOWN);
    }

    /** One delivery of this endpoint with its attempts, oldest first. */
    @Transactional(readOnly = true)
    public Map.Entry<Delivery, List<Attempt>> delivery(UUID endpointId, UUID deliveryId) {
        Delivery delivery = store.delivery(deliveryId)
                .filter(d -> d.endpointId().equals(endpointId))
                .orElseThrow(() -> Refusal.notFound("webhooks.delivery.notFound"));
        return Map.entry(delivery, store.attempts(deliveryId));
    }

    /** Sends a failed delivery of this endpoint again, with a fresh day of retries. */
    @Transactional
    public void resend(UUID endpointId, UUID deliveryId) {
        delivery(endpointId, deliveryId);
        if (!store.resend(deliveryId, clock.instant())) {
            throw Refusal.invalidState("webhooks.delivery.notFailed");
        }
    }

    /** Forgets deliveries finished more than {@link #KEPT_FOR} ago; answers how many. */
    @Transactional
    public int forgetOld() {
        return store.deleteFinishedBefore(clock.instant().minus(KEPT_FOR));
    }

    /**
     * Records an event for every enabled endpoint subscribed to its type, in the caller's transaction.
     * The same {@code eventId} recorded again adds nothing, so an event handed over twice goes out once.
     *
     * @param data the facts of the event: ids, states, amounts; nothing a member wrote
     */
    @Transactional
    public void record(EventType type, UUID eventId, Instant occurredAt, Map<String, @Nullable Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", eventId.toString());
        body.put("type", type.key());
        body.put("createdAt", occurredAt.toString());
        body.put("data", data);
        store.addDeliveries(eventId, type, json.writeValueAsString(body), clock.instant());
    }

    /**
     * Makes one attempt at each of up to {@value #BATCH} due deliveries, all at once, outside any
     * database transaction; answers how many were attempted.
     */
    public int deliverDue() {
        Instant now = clock.instant();
        List<WebhookStore.Claimed> claimed =
                transactions.execute(status -> store.claimDue(now, now.plus(CLAIM), BATCH));
        if (claimed == null || claimed.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> attempts = new ArrayList<>();
        for (WebhookStore.Claimed delivery : claimed) {
            String secret =
                    new String(box.open(delivery.sealedSecret(), delivery.endpointId()), StandardCharsets.UTF_8);
            Instant at = clock.instant();
            attempts.add(sender.send(
                            URI.create(delivery.url()),
                            secret,
                            delivery.eventId().toString(),
                            delivery.eventType(),
                            delivery.payload())
                    .thenAccept(
                            outcome -> transactions.executeWithoutResult(status -> recorded(delivery, at, outcome))));
        }
        for (CompletableFuture<Void> attempt : attempts) {
            try {
                attempt.join();
            } catch (RuntimeException e) {
                // its claim runs out and it is tried again; the others' outcomes are kept
                log.warn("A webhook attempt's outcome could not be recorded", e);
            }
        }
        return claimed.size();
    }

    private void recorded(WebhookStore.Claimed delivery, Instant at, WebhookSender.Outcome outcome) {
        Instant retryUntil = delivery.retryUntil() == null ? at.plus(RETRY_FOR) : delivery.retryUntil();
        if (outcome.succeeded()) {
            if (store.recordAttempt(delivery, at, outcome, Delivery.Status.SUCCEEDED, null, retryUntil)) {
                store.answered(delivery.endpointId());
            }
            return;
        }
        Instant next = null;
        if (at.isBefore(retryUntil)) {
            Instant later = at.plus(delay(delivery.attempts() + 1));
            next = later.isAfter(retryUntil) ? retryUntil : later;
        }
        Delivery.Status status = next == null ? Delivery.Status.FAILED : Delivery.Status.PENDING;
        if (!store.recordAttempt(delivery, at, outcome, status, next, retryUntil)) {
            return;
        }
        Instant failingSince = store.failed(delivery.endpointId(), at);
        Instant firstAttempt = retryUntil.minus(RETRY_FOR);
        if (next == null && !failingSince.isAfter(firstAttempt) && store.pause(delivery.endpointId(), "failing", at)) {
            tellOperators(endpoint(delivery.endpointId()));
        }
    }

    /** The wait after failed attempt {@code number}: doubling from 30 s up to 6 h, plus up to a fifth at random. */
    static Duration delay(int number) {
        Duration base = FIRST_RETRY.multipliedBy(1L << Math.min(number - 1, 20));
        if (base.compareTo(LONGEST_RETRY) > 0) {
            base = LONGEST_RETRY;
        }
        long jitter = ThreadLocalRandom.current().nextLong(base.toMillis() / 5 + 1);
        return base.plusMillis(jitter);
    }

    private void tellOperators(Endpoint endpoint) {
        String brand = marketplace.settings().name();
        URI page = URI.create(properties.baseUrl().replaceAll("/+$", "") + "/admin/webhooks/" + endpoint.id());
        MailMessage mail = MailMessage.of(
                        t("webhooks.mail.paused.subject", brand),
                        t("webhooks.mail.paused.heading"),
                        t("webhooks.mail.paused.text", endpoint.url()),
                        t("webhooks.mail.paused.resume"))
                .withAction(t("webhooks.mail.paused.action"), page);
        for (MemberAccount operator : accounts.operators()) {
            if (operator.email() != null) {
                mailer.send(operator.profile().id(), operator.email(), mail);
            }
        }
        log.warn(
                "Paused the webhook endpoint {} ({}): every attempt failed for 24 hours",
                endpoint.id(),
                endpoint.url());
    }

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, Locale.ENGLISH);
    }
}
