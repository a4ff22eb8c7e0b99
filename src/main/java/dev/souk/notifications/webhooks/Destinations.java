package dev.souk.notifications.webhooks;

import dev.souk.shared.InvalidInput;
import dev.souk.shared.Text;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Which addresses webhooks may be sent to: absolute http(s) URLs of at most {@value #MAX_LENGTH}
 * characters, without credentials, whose host resolves only to public addresses unless {@code
 * souk.webhooks.allow-private-addresses} is on. Checked when an endpoint is registered and again before
 * every attempt, since a name may come to resolve elsewhere.
 */
@Component
class Destinations {

    static final int MAX_LENGTH = 2000;

    private final boolean allowPrivate;

    Destinations(WebhookProperties properties) {
        this.allowPrivate = properties.allowPrivateAddresses();
    }

    /** The URL to register, or an {@link InvalidInput} naming {@code field}. */
    URI check(String field, String url) {
        String trimmed = url.strip();
        if (trimmed.isEmpty()) {
            throw InvalidInput.of(field, "webhooks.url.missing");
        }
        if (trimmed.length() > MAX_LENGTH || !Text.oneLine(trimmed)) {
            throw InvalidInput.of(field, "webhooks.url.tooLong", MAX_LENGTH);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw InvalidInput.of(field, "webhooks.url.invalid");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute()
                || !(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || uri.getPort() == 0
                || uri.getPort() > 65535) {
            throw InvalidInput.of(field, "webhooks.url.invalid");
        }
        if (uri.getRawUserInfo() != null) {
            throw InvalidInput.of(field, "webhooks.url.credentials");
        }
        if (uri.getRawFragment() != null) {
            throw InvalidInput.of(field, "webhooks.url.fragment");
        }
        String refusal = refusal(uri);
        if (refusal != null) {
            throw InvalidInput.of(field, refusal);
        }
        return uri;
    }

    /** Why Souk won't send to this URL now, as a message code; null if it may. */
    String refusal(URI uri) {
        if (allowPrivate) {
            return null;
        }
        String host = uri.getHost();
        if (host == null) {
            return "webhooks.url.invalid";
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return "webhooks.url.unknownHost";
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return "webhooks.url.private";
            }
        }
        return null;
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 0/8 "this network", 100.64/10 carrier-grade NAT, 198.18/15 benchmarking, 240/4 reserved
            return first != 0
                    && !(first == 100 && second >= 64 && second < 128)
                    && !(first == 198 && (second == 18 || second == 19))
                    && first < 240;
        }
        if (address instanceof Inet6Address) {
            // fc00::/7 unique local addresses
            return (b[0] & 0xfe) != 0xfc;
        }
        return true;
    }
}
