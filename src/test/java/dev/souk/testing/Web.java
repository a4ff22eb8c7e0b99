package dev.souk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A person with a browser's cookie jar, using pages over HTTP: forms carry the CSRF token of the last page. */
public final class Web {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;
    private final String base;
    private final String clientAddress;
    private String csrf;

    public Web(int port) {
        this(port, "127.0.0.1");
    }

    /** @param clientAddress the address the app sees (sent as X-Forwarded-For from loopback) */
    public Web(int port, String clientAddress) {
        this.base = "http://localhost:" + port;
        this.clientAddress = clientAddress;
        this.client = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> response = send(request(path).GET().build());
        remember(response);
        return response;
    }

    /** Posts a form with the CSRF token of the last page fetched (fetching {@code formPage} first if given). */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        return postWithHeaders(path, fields);
    }

    /** As {@link #post}, with extra request headers (name, value, ...), e.g. {@code HX-Request} for htmx. */
    public HttpResponse<String> postWithHeaders(String path, Map<String, String> fields, String... headers) {
        return postFields(path, List.copyOf(fields.entrySet()), headers);
    }

    /** As {@link #post}, with fields that may repeat, as a form's repeated group of inputs sends them. */
    public HttpResponse<String> postFields(String path, List<Map.Entry<String, String>> fields, String... headers) {
        if (csrf == null) {
            get("/sign-in");
        }
        List<Map.Entry<String, String>> all = new ArrayList<>(fields);
        all.add(Map.entry("_csrf", csrf));
        String body =
                all.stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = send(request.build());
        remember(response);
        return response;
    }

    /** Follows one redirect. */
    public HttpResponse<String> follow(HttpResponse<String> redirect) {
        String location = redirect.headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError("not a redirect: " + redirect.statusCode()));
        URI target = URI.create(base).resolve(location);
        return get(target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
    }

    /** The CSRF token the next form will carry: the one on the last page fetched. */
    public String csrfToken() {
        return csrf;
    }

    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    /** Sets a cookie as if the site had, e.g. one made up by an attacker. */
    public void setCookie(String name, String value) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(base), cookie);
    }

    public void forgetCookie(String name) {
        cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .toList()
                .forEach(c -> cookies.getCookieStore().remove(null, c));
    }

    private void remember(HttpResponse<String> response) {
        Matcher matcher = CSRF.matcher(response.body());
        if (matcher.find()) {
            csrf = matcher.group(1);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", clientAddress)
                .header("Accept", "text/html");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
