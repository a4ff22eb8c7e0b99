package dev.souk.payments;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One HTTP server for the test run in the place of Souk's webhook endpoint: it keeps every post and
 * answers 200, or 500 as often as a test asks for a payment's events.
 */
final class WebhookReceiver {

    /** One post as it arrived, and what it was answered. */
    record Delivery(Map<String, String> headers, byte[] body, int status) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean about(String reference) {
            return text().contains("\"reference\":\"" + reference + "\"");
        }

        boolean ofKind(String kind) {
            return text().contains("\"kind\":\"" + kind + "\"");
        }
    }

    private static final List<Delivery> DELIVERIES = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    private static final HttpServer SERVER = start();

    private WebhookReceiver() {}

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", WebhookReceiver::receive);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void receive(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        String text = new String(body, StandardCharsets.UTF_8);
        int status = exchange.getRequestMethod().equals("POST")
                        && exchange.getRequestURI().getPath().equals(CardSimulatorWebhooks.PATH)
                ? 200
                : 404;
        for (Map.Entry<String, AtomicInteger> failing : FAILURES.entrySet()) {
            if (text.contains(failing.getKey()) && failing.getValue().getAndDecrement() > 0) {
                status = 500;
            }
        }
        DELIVERIES.add(new Delivery(headers, body, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** The address the application posts to (the simulator's webhook URL). */
    static String url() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort() + CardSimulatorWebhooks.PATH;
    }

    /** The next {@code times} posts about the payment are answered 500. */
    static void failNext(String reference, int times) {
        FAILURES.put(reference, new AtomicInteger(times));
    }

    static List<Delivery> about(String reference) {
        return DELIVERIES.stream().filter(d -> d.about(reference)).toList();
    }

    /** Waits up to 15 s for a post about the payment of the given kind that was answered {@code status}. */
    static Delivery await(String reference, String kind, int status) {
        return await(d -> d.about(reference) && d.ofKind(kind) && d.status() == status, reference + " " + kind);
    }

    static Delivery await(String reference, String kind) {
        return await(reference, kind, 200);
    }

    private static Delivery await(Predicate<Delivery> wanted, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            for (Delivery delivery : DELIVERIES) {
                if (wanted.test(delivery)) {
                    return delivery;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no webhook " + what + " within 15 s; got "
                + DELIVERIES.stream()
                        .filter(d -> d.text().contains(what.split(" ")[0]))
                        .map(d -> d.status() + " " + d.text())
                        .toList());
    }
}
