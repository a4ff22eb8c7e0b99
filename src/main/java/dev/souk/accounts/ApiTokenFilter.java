package dev.souk.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API requests that carry {@code Authorization: Bearer <token>}. A token that is wrong,
 * expired or revoked is answered 401 at once rather than treated as anonymous, so clients notice.
 */
class ApiTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final Accounts accounts;
    private final ApiProblems problems;

    ApiTokenFilter(Accounts accounts, ApiProblems problems) {
        this.accounts = accounts;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(BEARER.length()).strip();
        var member = token.isEmpty() ? java.util.Optional.<Member>empty() : accounts.authenticateToken(token);
        if (member.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            problems.write(
                    response,
                    401,
                    "urn:souk:problem:unauthorized",
                    "Unauthorized",
                    "The API token is wrong, expired or revoked.");
            return;
        }
        UserDetails details = MemberDetails.of(member.get());
        var authentication = UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities());
        // the member row as this request read it with its token, so that Accounts asked about them in the
        // same request need not read it again (see Accounts#requireVerified)
        authentication.setDetails(member.get());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        request.setAttribute(ApiTokenFilter.class.getName(), token);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** The raw token of the current API request, for "revoke the token I'm using". */
    static java.util.Optional<String> currentToken(HttpServletRequest request) {
        return java.util.Optional.ofNullable((String) request.getAttribute(ApiTokenFilter.class.getName()));
    }
}
