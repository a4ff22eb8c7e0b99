package dev.souk.accounts;

import java.util.Optional;
import java.util.UUID;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The member making the current request. Controllers take it as a parameter; a request without a
 * signed-in member is sent to sign in (pages) or answered 401 (API) before the controller runs.
 */
public record SignedInMember(UUID id) {

    /** The member of the current request, if one is signed in. */
    public static Optional<SignedInMember> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SignedInMember(UUID.fromString(authentication.getName())));
        } catch (IllegalArgumentException notAMember) {
            return Optional.empty();
        }
    }
}
