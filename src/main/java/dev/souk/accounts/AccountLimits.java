package dev.souk.accounts;

import dev.souk.infra.RateLimit;
import dev.souk.infra.RateLimits;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The accounts module's rate limits (each a {@code souk.limits.*} setting, see docs/configuration.md).
 * Whatever mails someone is limited per client address and per address it mails, so nobody can flood
 * a mailbox or try addresses in bulk. Every method takes before the facade's transaction begins and
 * refuses with 429 when a limit is reached.
 */
@Component
class AccountLimits {

    private static final Duration QUARTER_HOUR = Duration.ofMinutes(15);
    private static final Duration HOUR = Duration.ofHours(1);

    private final RateLimits limits;
    /** Guesses at one account from one address: an attacker there can't lock the owner out elsewhere. */
    private final RateLimit signIn;
    /** The ceiling of guesses at one account from anywhere: spraying from many addresses stops too. */
    private final RateLimit signInPerAccount;
    /** Guesses from one address at any accounts. */
    private final RateLimit signInPerAddress;

    private final RateLimit signUpPerAddress;
    private final RateLimit signUpPerEmail;
    private final RateLimit verificationPerAddress;
    private final RateLimit verificationPerEmail;
    private final RateLimit resetPerAddress;
    private final RateLimit resetPerEmail;
    private final RateLimit emailChangePerAddress;
    private final RateLimit emailChangePerEmail;
    private final RateLimit apiTokens;

    AccountLimits(RateLimits limits) {
        this.limits = limits;
        signIn = limits.define("sign-in-per-account-and-address", 10, QUARTER_HOUR);
        signInPerAccount = limits.define("sign-in-per-account", 100, QUARTER_HOUR);
        signInPerAddress = limits.define("sign-in-per-address", 100, QUARTER_HOUR);
        signUpPerAddress = limits.define("sign-up-per-address", 10, HOUR);
        signUpPerEmail = limits.define("sign-up-per-email", 3, HOUR);
        verificationPerAddress = limits.define("verification-mail-per-address", 10, HOUR);
        verificationPerEmail = limits.define("verification-mail-per-email", 3, HOUR);
        resetPerAddress = limits.define("password-reset-per-address", 10, HOUR);
        resetPerEmail = limits.define("password-reset-per-email", 3, HOUR);
        emailChangePerAddress = limits.define("email-change-per-address", 10, HOUR);
        emailChangePerEmail = limits.define("email-change-per-email", 3, HOUR);
        apiTokens = limits.define("api-tokens", 10, HOUR);
    }

    /**
     * One sign-in attempt, taken before the password is checked so parallel guesses can't pass the
     * limit; the caller gives it back when the password was right, so only failures count.
     */
    RateLimits.Taken signIn(String email, String clientAddress) {
        String account = key(email);
        return limits.take(
                signIn.key(account + " " + clientAddress),
                signInPerAccount.key(account),
                signInPerAddress.key(clientAddress));
    }

    void signUp(String email, String clientAddress) {
        limits.take(signUpPerAddress.key(clientAddress), signUpPerEmail.key(key(email)));
    }

    void verificationMail(String email, String clientAddress) {
        limits.take(verificationPerAddress.key(clientAddress), verificationPerEmail.key(key(email)));
    }

    void passwordReset(String email, String clientAddress) {
        limits.take(resetPerAddress.key(clientAddress), resetPerEmail.key(key(email)));
    }

    void emailChange(String newEmail, String clientAddress) {
        limits.take(emailChangePerAddress.key(clientAddress), emailChangePerEmail.key(key(newEmail)));
    }

    void apiToken(UUID memberId) {
        limits.take(apiTokens.key(memberId));
    }

    private static String key(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
