package dev.souk.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.rememberme.CookieTheftException;
import org.springframework.security.web.authentication.rememberme.PersistentTokenBasedRememberMeServices;

/**
 * "Keep me signed in": Spring Security's persistent token scheme (a series and a token that changes at
 * every use, theft detected when an old token comes back) over {@link RememberMeTokens}, which keeps
 * only hashes. The cookie is HttpOnly, SameSite=Lax, and Secure when the request came over HTTPS.
 */
class RememberMe extends PersistentTokenBasedRememberMeServices {

    private static final Logger log = LoggerFactory.getLogger(RememberMe.class);

    static final String COOKIE = "SOUK_REMEMBER";

    RememberMe(String key, UserDetailsService members, RememberMeTokens tokens) {
        super(key, members, tokens);
        setCookieName(COOKIE);
        setParameter("remember-me");
        setTokenValiditySeconds((int) SecurityConfiguration.REMEMBER_ME.toSeconds());
        setCookieCustomizer(cookie -> cookie.setAttribute("SameSite", "Lax"));
    }

    /** Whether the sign-in form asked to keep the member signed in. */
    boolean requested(HttpServletRequest request) {
        return rememberMeRequested(request, getParameter());
    }

    /**
     * Sets the cookie for a sign-in that is complete. With a second factor that is a request after the
     * one whose form asked for it, so the choice is passed on rather than read from this request.
     */
    void remember(HttpServletRequest request, HttpServletResponse response, Authentication signedIn) {
        onLoginSuccess(request, response, signedIn);
    }

    /**
     * A cookie whose series is known but whose token is not the latest was copied: Spring Security has
     * already forgotten every "remember me" of the member and cancelled the cookie. Whoever sent it is
     * simply not signed in, rather than shown an error.
     */
    @Override
    public @Nullable Authentication autoLogin(HttpServletRequest request, HttpServletResponse response) {
        try {
            return super.autoLogin(request, response);
        } catch (CookieTheftException stolen) {
            log.warn("A \"keep me signed in\" cookie came back with an old token; the member's are all revoked");
            return null;
        }
    }

    @Override
    protected UserDetails processAutoLoginCookie(
            String[] cookieTokens, HttpServletRequest request, HttpServletResponse response) {
        if (cookieTokens.length == 2) {
            // compared with what is stored: the hash
            return super.processAutoLoginCookie(
                    new String[] {cookieTokens[0], RememberMeTokens.hash(cookieTokens[1])}, request, response);
        }
        return super.processAutoLoginCookie(cookieTokens, request, response);
    }
}
