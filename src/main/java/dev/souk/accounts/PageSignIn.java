package dev.souk.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

/**
 * Signs members in on pages, by hand rather than through a login filter: after the password either at
 * once or, for members with an authenticator, once its code is right. Whenever the session's standing
 * changes (password accepted, signed in) it gets a new id and a new CSRF token, so neither can be
 * planted before and used after.
 */
@Component
class PageSignIn {

    /** The session attribute naming the sign-in that waits for its second factor. */
    static final String WAITING = PageSignIn.class.getName() + ".WAITING";

    private final SecondFactors secondFactors;
    private final SecurityContextRepository contexts;
    private final SessionAuthenticationStrategy newSession;
    private final RememberMe rememberMe;
    private final RequestCache requestCache = new HttpSessionRequestCache();

    PageSignIn(
            SecondFactors secondFactors,
            SecurityContextRepository contexts,
            CsrfTokenRepository csrfTokens,
            RememberMe rememberMe) {
        this.secondFactors = secondFactors;
        this.contexts = contexts;
        // what a login filter would do: Spring Security leaves both to it, and here there is none
        this.newSession = new CompositeSessionAuthenticationStrategy(
                List.of(new ChangeSessionIdAuthenticationStrategy(), new CsrfAuthenticationStrategy(csrfTokens)));
        this.rememberMe = rememberMe;
    }

    /**
     * The password was right: signs the member in, or first asks for their code.
     *
     * @return where to go next
     */
    String passwordAccepted(Member member, HttpServletRequest request, HttpServletResponse response) {
        boolean remember = rememberMe.requested(request);
        if (member.secondFactor()) {
            UUID challenge = secondFactors.challenge(member.id(), remember);
            // not signed in yet: whoever was signed in in this browser is no longer
            var nobody = SecurityContextHolder.createEmptyContext();
            SecurityContextHolder.setContext(nobody);
            contexts.saveContext(nobody, request, response);
            newSession.onAuthentication(
                    UsernamePasswordAuthenticationToken.unauthenticated(
                            member.id().toString(), null),
                    request,
                    response);
            request.getSession().setAttribute(WAITING, challenge);
            return "/sign-in/second-factor";
        }
        signIn(member, remember, request, response);
        // operators act as operators only once they sign in with a second factor
        return member.roles().contains(Role.OPERATOR) ? "/account/two-factor" : destination(request, response);
    }

    /** The sign-in waiting for a code in this browser, if any. */
    @Nullable
    UUID waiting(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (UUID) session.getAttribute(WAITING);
    }

    /** Forgets the waiting sign-in: signed in, or to start again with the password. */
    void stopWaiting(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(WAITING);
        }
    }

    /** The code was right. @return where to go next */
    String secondFactorAccepted(
            Member member, boolean remember, HttpServletRequest request, HttpServletResponse response) {
        stopWaiting(request);
        signIn(member, remember, request, response);
        return destination(request, response);
    }

    /**
     * Signs the member in anew in this browser after they changed how they sign in, so that the
     * session's authorities follow (an operator gains or loses the console).
     */
    void renew(Member member, HttpServletRequest request, HttpServletResponse response) {
        signIn(member, false, request, response);
    }

    private void signIn(Member member, boolean remember, HttpServletRequest request, HttpServletResponse response) {
        UserDetails details = MemberDetails.of(member);
        Authentication authentication =
                UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities());
        newSession.onAuthentication(authentication, request, response);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        if (remember) {
            rememberMe.remember(request, response, authentication);
        }
    }

    /** The page that sent the member to sign in, or home. */
    private String destination(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requestCache.getRequest(request, response);
        requestCache.removeRequest(request, response);
        return saved == null ? "/" : saved.getRedirectUrl();
    }
}
