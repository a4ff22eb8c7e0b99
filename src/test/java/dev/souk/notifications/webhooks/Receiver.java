package dev.souk.notifications.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An integrator's endpoint on 127.0.0.1: records every request and answers as scripted (a status, or
 * silence longer than Souk waits), then with the default answer.
 */
final class Receiver implements AutoCloseable {

    /** What one request brought. */
    record Received(Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A status to answer, or (negative) a silence of that many milliseconds before a 200. */
    private final Deque<Integer> script = new ArrayDeque<>();

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile int answer = 200;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers these first, one per request: a status, or {@link #silence} for no answer in time. */
    synchronized Receiver then(int... statuses) {
        for (int status : statuses) {
            script.add(status);
        }
        return this;
    }

    static int silence(Duration duration) {
        return (int) -duration.toMillis();
    }

    /** Answers this when the script has run out. */
    Receiver always(int status) {
        answer = status;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until a request matches. */
    Received await(Predicate<Received> wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            for (Received r : received) {
                if (wanted.test(r)) {
                    return r;
                }
            }
            pause(100);
        }
        throw new AssertionError("no such request within 30 s; got " + received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            received.add(new Received(
                    Map.copyOf(exchange.getRequestHeaders()), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        Integer next;
        synchronized (this) {
            next = script.poll();
        }
        int status = next == null ? answer : next;
        if (status < 0) {
            pause(-status);
            status = 200;
        }
        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
