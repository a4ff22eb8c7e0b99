package dev.souk.accounts;

import dev.souk.infra.RateLimits;
import dev.souk.marketplace.Marketplace;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Two-step sign-in: after the password, a code from an authenticator app (or one of the member's
 * recovery codes). Any member may turn it on; operators must, before they can act as operators. Wrong
 * codes count as failed sign-ins, under the same brute-force limit as wrong passwords.
 */
@Service
class SecondFactors {

    /** Wrong codes one sign-in may try before its password has to be given again. */
    static final int ATTEMPTS = 5;
    /** How long a sign-in waits for its second factor. */
    static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);
    /** Longer input is no code of ours: refused before it is looked at. */
    static final int CODE_MAX = 64;

    record Status(boolean on, @Nullable Instant since, int recoveryCodesLeft) {}

    /**
     * An enrolment waiting for its first code: the secret for typing, the URI the QR code holds and the
     * QR code itself.
     */
    record Enrolment(String secret, String uri, String qrCode) {}

    /** How a sign-in's answer went. */
    sealed interface Answer {
        record Passed(Member member, boolean remember) implements Answer {}

        record Wrong(int attemptsLeft) implements Answer {}

        /** Too many wrong codes, too late, or unknown: the sign-in starts again with the password. */
        record Over() implements Answer {}
    }

    private final Accounts accounts;
    private final SecondFactorStore store;
    private final AccountLimits limits;
    private final TransactionOperations transactions;
    private final SignOuts signOuts;
    private final Marketplace marketplace;
    private final Clock clock;

    SecondFactors(
            Accounts accounts,
            SecondFactorStore store,
            AccountLimits limits,
            SignOuts signOuts,
            Marketplace marketplace,
            Clock clock,
            TransactionOperations transactions) {
        this.transactions = transactions;
        this.accounts = accounts;
        this.store = store;
        this.limits = limits;
        this.signOuts = signOuts;
        this.marketplace = marketplace;
        this.clock = clock;
    }

    // --- settings --------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    Status status(UUID memberId) {
        Member member = accounts.activeMember(memberId);
        return new Status(
                member.secondFactor(),
                member.totpEnabledAt(),
                member.secondFactor() ? store.recoveryCodesLeft(memberId) : 0);
    }

    /**
     * The enrolment waiting for its first code, begun now if there is none. The same secret is shown
     * until it is confirmed, so reloading the page doesn't undo a scan; once confirmed it is never shown
     * again.
     */
    @Transactional
    Enrolment enrolment(UUID memberId) {
        Member member = accounts.activeMember(memberId);
        if (member.secondFactor()) {
            throw Refusal.invalidState("accounts.twoFactor.alreadyOn");
        }
        byte[] secret = store.authenticator(memberId)
                .map(SecondFactorStore.Authenticator::secret)
                .orElseGet(() -> {
                    byte[] fresh = Totp.newSecret();
                    store.enrol(memberId, fresh);
                    return fresh;
                });
        String uri = Totp.uri(marketplace.settings().name(), Objects.requireNonNull(member.email()), secret);
        return new Enrolment(Totp.base32(secret), uri, Totp.qrCodeDataUri(uri));
    }

    /**
     * Turns two-step sign-in on once the first code from the app proves it holds the secret. The password
     * is asked too: whoever borrowed a signed-in browser must not lock its owner out with an app of their
     * own. Other devices are signed out (their sessions, "remember me" and API tokens were made with the
     * password alone).
     *
     * @return the recovery codes, shown this once
     */
    List<String> enable(UUID memberId, String currentPassword, String code, String keepSessionId) {
        Member member = accounts.activeMember(memberId);
        if (member.secondFactor()) {
            throw Refusal.invalidState("accounts.twoFactor.alreadyOn");
        }
        // before the transaction: no connection waits on Argon2
        accounts.checkCurrentPassword(member, currentPassword);
        return Objects.requireNonNull(transactions.execute(status -> turnOn(memberId, code, keepSessionId)));
    }

    private List<String> turnOn(UUID memberId, String code, String keepSessionId) {
        byte[] secret = store.authenticator(memberId)
                .map(SecondFactorStore.Authenticator::secret)
                .orElseThrow(() -> Refusal.invalidState("accounts.twoFactor.noEnrolment"));
        String typed = typedCode(code);
        OptionalLong step = Totp.looksLikeCode(typed)
                ? Totp.stepOf(secret, typed, clock.instant(), Long.MIN_VALUE)
                : OptionalLong.empty();
        if (step.isEmpty() || !store.enable(memberId, step.getAsLong())) {
            throw InvalidInput.of("code", "accounts.twoFactor.codeWrong");
        }
        signOuts.everywhere(memberId, keepSessionId);
        return store.newRecoveryCodes(memberId);
    }

    /** New recovery codes for old ones, after the password. @return the codes, shown this once */
    List<String> newRecoveryCodes(UUID memberId, String currentPassword) {
        Member member = accounts.activeMember(memberId);
        if (!member.secondFactor()) {
            throw Refusal.invalidState("accounts.twoFactor.off");
        }
        accounts.checkCurrentPassword(member, currentPassword);
        return Objects.requireNonNull(transactions.execute(status -> store.newRecoveryCodes(memberId)));
    }

    /**
     * Turns two-step sign-in off, with the password and a code (or a recovery code, for a lost phone).
     * Other devices are signed out, so an operator's other sessions lose the console with it.
     */
    void disable(UUID memberId, String currentPassword, String code, String clientAddress, String keepSessionId) {
        Member member = accounts.activeMember(memberId);
        if (!member.secondFactor()) {
            throw Refusal.invalidState("accounts.twoFactor.off");
        }
        accounts.checkCurrentPassword(member, currentPassword);
        if (!accepted(member, code, clientAddress)) {
            throw InvalidInput.of("code", "accounts.twoFactor.codeWrong");
        }
        transactions.executeWithoutResult(status -> {
            store.remove(memberId);
            signOuts.everywhere(memberId, keepSessionId);
        });
    }

    /** A deleted account's authenticator secret and recovery codes go with the rest of its personal data. */
    @ApplicationModuleListener
    void on(MemberDeleted deleted) {
        store.remove(deleted.memberId());
    }

    // --- signing in ------------------------------------------------------------------------------

    /** Opens a sign-in that waits for the second factor of this member, whose password was right. */
    @Transactional
    UUID challenge(UUID memberId, boolean remember) {
        return store.openChallenge(memberId, remember, clock.instant().plus(CHALLENGE_LIFETIME));
    }

    /**
     * Checks the code given for a waiting sign-in. Not one transaction: the attempt is counted first,
     * and stays counted whatever happens next.
     */
    Answer answer(UUID challengeId, String code, String clientAddress) {
        Optional<SecondFactorStore.Attempt> attempt = store.countAttempt(challengeId, ATTEMPTS);
        Optional<Member> member = attempt.flatMap(a -> accounts.find(a.memberId()))
                .filter(m -> m.status() == MemberStatus.ACTIVE && m.secondFactor());
        if (attempt.isEmpty() || member.isEmpty()) {
            store.closeChallenge(challengeId);
            return new Answer.Over();
        }
        if (accepted(member.get(), code, clientAddress)) {
            store.closeChallenge(challengeId);
            return new Answer.Passed(member.get(), attempt.get().remember());
        }
        int left = ATTEMPTS - attempt.get().attempts();
        if (left == 0) {
            store.closeChallenge(challengeId);
            return new Answer.Over();
        }
        return new Answer.Wrong(left);
    }

    /**
     * The second factor of a member taking an API token: nothing for members without one; otherwise the
     * code must come with the password.
     */
    void requireForToken(Member member, @Nullable String code, String clientAddress) {
        if (!member.secondFactor()) {
            return;
        }
        if (code == null || code.isBlank()) {
            throw new SecondFactorRefused("accounts.secondFactorRequired");
        }
        if (!accepted(member, code, clientAddress)) {
            throw new SecondFactorRefused("accounts.secondFactorWrong");
        }
    }

    /**
     * Whether the code is the member's current authenticator code, not used before, or one of their
     * unused recovery codes; either is spent by this. Refused with 429 while the sign-in limit is reached.
     */
    private boolean accepted(Member member, String code, String clientAddress) {
        String email = Objects.requireNonNull(member.email());
        // a wrong code counts as a failed sign-in, as a wrong password does; a right one gives it back
        RateLimits.Taken attempt = limits.signIn(email, clientAddress);
        boolean right = spend(member.id(), typedCode(code));
        if (right) {
            attempt.giveBack();
        }
        return right;
    }

    private boolean spend(UUID memberId, String typed) {
        if (!Totp.looksLikeCode(typed)) {
            return RecoveryCodes.normalize(typed)
                    .map(normalized -> store.useRecoveryCode(memberId, normalized))
                    .orElse(false);
        }
        Optional<SecondFactorStore.Authenticator> app =
                store.authenticator(memberId).filter(a -> a.enabledAt() != null);
        if (app.isEmpty()) {
            return false;
        }
        Long lastStep = app.get().lastStep();
        OptionalLong step =
                Totp.stepOf(app.get().secret(), typed, clock.instant(), lastStep == null ? Long.MIN_VALUE : lastStep);
        return step.isPresent() && store.useStep(memberId, step.getAsLong());
    }

    /** Authenticator apps show codes as "123 456"; people type them either way. */
    private static String typedCode(String code) {
        if (code.length() > CODE_MAX) {
            return "";
        }
        String typed = code.strip();
        String digits = typed.replace(" ", "");
        return Totp.looksLikeCode(digits) ? digits : typed;
    }
}
