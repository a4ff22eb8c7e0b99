package dev.souk.accounts;

import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * What operators (and the demo, and the start with {@code SOUK_ADMIN_EMAIL}) do to accounts: make an
 * operator, create members directly, suspend and reinstate them, and list them.
 */
@Component
class MemberAdministration {

    private static final Logger log = LoggerFactory.getLogger(MemberAdministration.class);

    private final AccountStore store;
    private final Clock clock;
    private final PasswordEncoder passwords;
    private final PasswordPolicy passwordPolicy;
    private final SecondFactorStore secondFactors;
    private final SignOuts signOuts;
    private final ApplicationEventPublisher events;

    MemberAdministration(
            AccountStore store,
            Clock clock,
            PasswordEncoder passwords,
            PasswordPolicy passwordPolicy,
            SecondFactorStore secondFactors,
            SignOuts signOuts,
            ApplicationEventPublisher events) {
        this.store = store;
        this.clock = clock;
        this.passwords = passwords;
        this.passwordPolicy = passwordPolicy;
        this.secondFactors = secondFactors;
        this.signOuts = signOuts;
        this.events = events;
    }

    /**
     * Makes sure an operator account with this email exists (verified) and returns it; used at start
     * from SOUK_ADMIN_EMAIL/SOUK_ADMIN_PASSWORD and by the demo. An existing operator is left as it is
     * (its password may have changed since). An existing member who is not an operator may be someone who
     * signed up with that address first: the account is taken over — password set from {@code password}, its
     * second factor removed, every session and token ended — before it becomes an operator's.
     */
    UUID ensureOperator(String rawEmail, String password, String displayName) {
        String email = Accounts.normalizeEmail(rawEmail);
        List<FieldProblem> problems = new ArrayList<>();
        Accounts.checkEmail("email", email, problems);
        Accounts.checkName("displayName", displayName, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        Optional<Member> existing = store.findByEmail(email);
        if (existing.isPresent() && existing.get().roles().contains(Role.OPERATOR)) {
            return existing.get().id();
        }
        passwordPolicy.check("password", password, email, displayName);
        Instant now = clock.instant();
        if (existing.isPresent()) {
            UUID id = existing.get().id();
            store.makeOperator(id, passwords.encode(password), now);
            secondFactors.remove(id); // whoever signed up may have set their own authenticator app
            signOuts.everywhere(id, null);
            log.warn(
                    "The existing account {} was made an operator: its password is now the configured one, its"
                            + " two-step verification was removed and all its sessions and API tokens were ended",
                    email);
            return id;
        }
        UUID id = UUID.randomUUID();
        store.insertOperator(id, email, passwords.encode(password), displayName.strip(), now);
        log.info("Created operator account {}", email);
        return id;
    }

    /**
     * Creates an account directly, without the sign-up mail; for operators' imports and the demo.
     * The same rules as sign-up apply, but a taken email is refused openly.
     */
    UUID register(SignUp command, boolean emailVerified) {
        String email = Accounts.normalizeEmail(command.email());
        String name = command.displayName().strip();
        Accounts.checkJoining(passwordPolicy, email, name, command.password());
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        try {
            store.insert(id, email, emailVerified ? now : null, passwords.encode(command.password()), name, now);
        } catch (DuplicateKeyException taken) {
            throw InvalidInput.of("email", "accounts.email.taken");
        }
        return id;
    }

    /** Whether this email's account still has this password; the demo uses it to show its sign-in. */
    boolean hasPassword(String email, String password) {
        return store.findByEmail(Accounts.normalizeEmail(email))
                .map(Member::passwordHash)
                .map(hash -> passwords.matches(password, hash))
                .orElse(false);
    }

    void suspend(UUID memberId, String reason) {
        String why = reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            throw InvalidInput.of("reason", "validation.length", 1, 500);
        }
        if (!Text.acceptable(why)) {
            throw InvalidInput.of("reason", "validation.characters");
        }
        Member member = store.find(memberId).orElseThrow(() -> Refusal.notFound("accounts.unknownMember"));
        if (member.status() != MemberStatus.ACTIVE) {
            throw Refusal.invalidState("accounts.notActive");
        }
        if (member.roles().contains(Role.OPERATOR)) {
            throw Refusal.invalidState("accounts.operatorNotSuspendable");
        }
        store.suspend(memberId, why);
        signOuts.everywhere(memberId, null);
        events.publishEvent(new MemberSuspended(memberId));
    }

    void reinstate(UUID memberId) {
        if (!store.reinstate(memberId)) {
            throw Refusal.invalidState("accounts.notSuspended");
        }
        events.publishEvent(new MemberReinstated(memberId));
    }

    /** Members for the operator console, newest first; {@code query} matches name or email. */
    List<MemberAccount> members(String query, int limit, int offset) {
        return store.search(query.strip().toLowerCase(Locale.ROOT), limit, offset).stream()
                .map(Member::account)
                .toList();
    }

    /** The active operators, for what only they must hear of (e.g. a webhook endpoint paused). */
    List<MemberAccount> operators() {
        return store.activeOperators().stream().map(Member::account).toList();
    }
}
