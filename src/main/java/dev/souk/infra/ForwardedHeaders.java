package dev.souk.infra;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Who a request came from and whether it came over HTTPS decide sign-in limits and the session
 * cookie's {@code Secure} flag, so {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 * only from the reverse proxies the operator names ({@code SOUK_TRUSTED_PROXIES}); Tomcat's own default
 * believes any private address, which includes every other program on the machine.
 */
@Component
class ForwardedHeaders implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final String trustedProxies;

    ForwardedHeaders(@Value("${souk.trusted-proxies:}") String trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        String proxies = Arrays.stream(trustedProxies.split(","))
                .map(String::strip)
                .filter(address -> !address.isEmpty())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        for (Valve valve : factory.getEngineValves()) {
            if (valve instanceof RemoteIpValve remoteIp) {
                // empty: no proxy is believed
                remoteIp.setInternalProxies(proxies);
                remoteIp.setTrustedProxies(null);
            }
        }
    }

    /** After Boot's own customizer, which adds the valve with its defaults. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
