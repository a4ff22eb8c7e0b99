package dev.souk.notifications.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Posts one signed delivery and reports what came of it. Redirects are not followed (a 3xx is a
 * failure), the answer's body is read to at most {@value #BODY_LIMIT} bytes and dropped, and the whole
 * exchange is bounded by {@code souk.webhooks.timeout}.
 */
@Component
class WebhookSender {

    static final int BODY_LIMIT = 1024;
    private static final int ERROR_LENGTH = 300;

    private final HttpClient client;
    private final Destinations destinations;
    private final Duration timeout;
    private final Clock clock;

    WebhookSender(WebhookProperties properties, Destinations destinations, Clock clock) {
        this.timeout = properties.timeout();
        this.destinations = destinations;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** What an attempt came to; {@code statusCode} is null when no answer came. */
    record Outcome(
            boolean succeeded,
            @Nullable Integer statusCode,
            @Nullable String error,
            int durationMs) {}

    /** Sends and answers when done; never fails, a failure is an outcome. */
    CompletableFuture<Outcome> send(URI url, String secret, String eventId, String eventType, String body) {
        long started = System.nanoTime();
        String refusal = destinations.refusal(url);
        if (refusal != null) {
            return CompletableFuture.completedFuture(new Outcome(false, null, "address not allowed", 0));
        }
        HttpRequest request;
        try {
            request = request(url, secret, eventId, eventType, body);
        } catch (IllegalArgumentException unusable) {
            return CompletableFuture.completedFuture(new Outcome(false, null, "unusable address", 0));
        }
        CompletableFuture<HttpResponse<Void>> exchange;
        try {
            exchange = client.sendAsync(request, info -> new BoundedBody());
        } catch (RuntimeException refused) {
            return CompletableFuture.completedFuture(new Outcome(false, null, describe(refused), 0));
        }
        return exchange.orTimeout(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
                    if (failure != null) {
                        exchange.cancel(true);
                        return new Outcome(false, null, describe(failure), millis);
                    }
                    int status = response.statusCode();
                    boolean ok = status >= 200 && status < 300;
                    return new Outcome(ok, status, ok ? null : "HTTP " + status, millis);
                });
    }

    private HttpRequest request(URI url, String secret, String eventId, String eventType, String body) {
        return HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Souk-Webhooks/1")
                .header("Souk-Event-Id", eventId)
                .header("Souk-Event-Type", eventType)
                .header(
                        "Souk-Signature",
                        Signatures.header(secret, clock.instant().getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String text;
        if (cause instanceof HttpConnectTimeoutException) {
            text = "connection timed out";
        } else if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            text = "timed out";
        } else if (cause instanceof IOException) {
            text = cause.getMessage() == null
                    ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        } else {
            text = cause.getClass().getSimpleName();
        }
        return text.length() > ERROR_LENGTH ? text.substring(0, ERROR_LENGTH) : text;
    }

    /** Reads at most {@link #BODY_LIMIT} bytes of the answer, then stops reading; nothing is kept. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<Void> {

        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private Flow.@Nullable Subscription subscription;
        private long read;

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                read += buffer.remaining();
            }
            Flow.@Nullable Subscription current = subscription;
            if (current == null) {
                return;
            }
            if (read >= BODY_LIMIT) {
                current.cancel();
                done.complete(null);
            } else {
                current.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            done.complete(null);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }
}
