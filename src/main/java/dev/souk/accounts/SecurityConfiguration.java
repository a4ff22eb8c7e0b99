package dev.souk.accounts;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * No inline scripts or styles anywhere; map tiles are the only outside resource. Swagger UI gets a
     * relaxed style rule of its own below.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob: https://*.tile.openstreetmap.org; font-src 'self'; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final String API_DOCS_CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final IpAddressMatcher LOOPBACK_V4 = new IpAddressMatcher("127.0.0.0/8");
    private static final IpAddressMatcher LOOPBACK_V6 = new IpAddressMatcher("::1");
    private static final AccessDeniedHandlerImpl REFUSE = new AccessDeniedHandlerImpl();

    static final Duration REMEMBER_ME = Duration.ofDays(30);
    /** However active, a browser session ends after this; "remember me" then signs in anew. */
    static final Duration ABSOLUTE_SESSION_LIFETIME = Duration.ofDays(7);

    /**
     * Argon2id, 19 MiB and 5 passes: about 65 ms a verification on a 2-core machine (bench/sign-in.sh),
     * inside the 50–250 ms we aim for. OWASP's minimum is 2 passes; more passes cost time, not memory,
     * and {@link PasswordHashing} runs one hash per core at a time, so parallel sign-ins can't exhaust
     * the heap. Hashes made with other parameters are upgraded at the next sign-in.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new PasswordHashing(new Argon2PasswordEncoder(16, 32, 1, 19_456, 5));
    }

    /**
     * Requests are observed once, as http.server.requests; observing each of the security filters as
     * well cost about a tenth of a page's CPU time.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    RememberMe rememberMeServices(MemberDetails members, RememberMeTokens tokens) {
        return new RememberMe("souk-remember-me", members, tokens);
    }

    /** In the session, as by default; a bean so that sign-in can replace the token (see {@link PageSignIn}). */
    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        return new HttpSessionCsrfTokenRepository();
    }

    /** The JSON API: stateless, no CSRF (it takes no cookies), errors as problem+json. */
    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, Accounts accounts, ApiProblems problems) throws Exception {
        http.securityMatcher("/api/v1/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .addFilterAfter(new ApiTokenFilter(accounts, problems), SecurityContextHolderFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> problems.write(
                                response,
                                401,
                                "urn:souk:problem:unauthorized",
                                "Unauthorized",
                                "Sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/tokens."))
                        .accessDeniedHandler((request, response, e) -> problems.write(
                                response, 403, "urn:souk:problem:forbidden", "Forbidden", "You may not do this.")))
                // controllers that need a member take SignedInMember, which demands one
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiDocsChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/docs/**", "/api/docs", "/swagger-ui/**", "/api/openapi.json/**", "/api/openapi.json")
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives(API_DOCS_CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /**
     * Uploaded images. Most are public; the few that are not (a draft's photos) are for their owner and
     * operators, signed in with the page session or, from API clients, a bearer token. Only reads here,
     * and nothing starts a session.
     */
    @Bean
    @Order(2)
    SecurityFilterChain mediaChain(
            HttpSecurity http, Accounts accounts, ApiProblems problems, SecurityContextRepository contexts, Clock clock)
            throws Exception {
        http.securityMatcher("/media/**")
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                // reads the page session, never saves one: a token's sign-in lasts this request only
                .sessionManagement(session -> session.disable())
                .securityContext(context -> context.securityContextRepository(contexts))
                .addFilterAfter(new SessionLifetimeFilter(clock), SecurityContextHolderFilter.class)
                .addFilterAfter(new ApiTokenFilter(accounts, problems), SessionLifetimeFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /** Pages: session cookie, CSRF on every form, strict headers. */
    @Bean
    @Order(3)
    SecurityFilterChain pageChain(
            HttpSecurity http,
            RememberMe rememberMe,
            SecurityContextRepository contexts,
            CsrfTokenRepository csrfTokens,
            Clock clock)
            throws Exception {
        http.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .frameOptions(frame -> frame.deny()))
                .securityContext(context -> context.securityContextRepository(contexts))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        // RFC 8058 one-click unsubscribe: mail clients post without cookies; the signed link is the
                        // permission
                        .ignoringRequestMatchers(
                                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/unsubscribe/*")))
                .rememberMe(remember -> remember.rememberMeServices(rememberMe))
                .logout(logout -> logout.logoutUrl("/sign-out")
                        .logoutSuccessUrl("/?signedOut")
                        .deleteCookies("SOUK_SESSION"))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/sign-in"))
                                .accessDeniedHandler(SecurityConfiguration::operatorsEnrolFirst))
                .addFilterAfter(new SessionLifetimeFilter(clock), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD)
                        .permitAll()
                        // metrics are for the operator's scraper, which runs next to the app
                        .requestMatchers("/actuator/prometheus")
                        .access((authentication, context) -> new AuthorizationDecision(
                                LOOPBACK_V4.matches(context.getRequest()) || LOOPBACK_V6.matches(context.getRequest())))
                        .requestMatchers("/admin/**")
                        .hasAllAuthorities("ROLE_OPERATOR", MemberDetails.SECOND_FACTOR)
                        .requestMatchers("/account/**")
                        .authenticated()
                        .anyRequest()
                        .permitAll());
        return http.build();
    }

    /**
     * An operator whose session began without a second factor is sent to turn it on, rather than shown
     * a refusal; everyone else refused gets the 403 page.
     */
    private static void operatorsEnrolFirst(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(denied instanceof CsrfException)
                && authentication != null
                && has(authentication, "ROLE_OPERATOR")
                && !has(authentication, MemberDetails.SECOND_FACTOR)) {
            response.sendRedirect("/account/two-factor");
            return;
        }
        REFUSE.handle(request, response, denied);
    }

    private static boolean has(Authentication authentication, String authority) {
        return authentication.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
    }

    /** Ends browser sessions older than {@link #ABSOLUTE_SESSION_LIFETIME}, however active they are. */
    static final class SessionLifetimeFilter extends OncePerRequestFilter {

        private final Clock clock;

        SessionLifetimeFilter(Clock clock) {
            this.clock = clock;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            HttpSession session = request.getSession(false);
            if (session != null && clock.millis() - session.getCreationTime() > ABSOLUTE_SESSION_LIFETIME.toMillis()) {
                session.invalidate();
                SecurityContextHolder.clearContext();
            }
            chain.doFilter(request, response);
        }
    }
}
