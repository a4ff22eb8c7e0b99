package dev.souk.accounts;

import dev.souk.accounts.EmailTokens.Purpose;
import dev.souk.infra.RateLimits;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The facade of the accounts module: joining, signing in, passwords and the checks other modules ask
 * for. It decides and {@link AccountStore} reads and writes; the change of email ({@link
 * EmailChanges}), profiles ({@link Profiles}), erasure and export ({@link AccountData}) and what
 * operators do ({@link MemberAdministration}) are its package-private collaborators, behind this API.
 * Slightly over 500 lines because it is the module's whole public API, most methods a check and a
 * call; the work itself is in those collaborators.
 */
@Service
public class Accounts {

    static final int NAME_MAX = 60;
    static final int BIO_MAX = 1000;
    static final int CITY_MAX = 80;
    static final int EMAIL_MAX = 254;
    static final int TOKEN_LABEL_MAX = 100;
    /** Active API tokens a member may hold at once; each is a way in, so they can't pile up unseen. */
    static final int ACTIVE_TOKENS_MAX = 50;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final AccountStore store;
    private final Clock clock;
    private final PasswordEncoder passwords;
    private final PasswordPolicy passwordPolicy;
    private final EmailTokens emailTokens;
    private final ApiTokens apiTokens;
    private final AccountLimits limits;
    private final TransactionOperations transactions;
    private final SignOuts signOuts;
    private final AccountMails mails;
    private final EmailChanges emailChanges;
    private final Profiles profiles;
    private final AccountData data;
    private final MemberAdministration administration;
    /** Compared against when the email is unknown, so that case takes as long as a wrong password. */
    private final String decoyHash;

    Accounts(
            AccountStore store,
            Clock clock,
            PasswordEncoder passwords,
            PasswordPolicy passwordPolicy,
            EmailTokens emailTokens,
            ApiTokens apiTokens,
            AccountLimits limits,
            TransactionOperations transactions,
            SignOuts signOuts,
            AccountMails mails,
            EmailChanges emailChanges,
            Profiles profiles,
            AccountData data,
            MemberAdministration administration) {
        this.store = store;
        this.clock = clock;
        this.passwords = passwords;
        this.passwordPolicy = passwordPolicy;
        this.emailTokens = emailTokens;
        this.apiTokens = apiTokens;
        this.limits = limits;
        this.transactions = transactions;
        this.signOuts = signOuts;
        this.mails = mails;
        this.emailChanges = emailChanges;
        this.profiles = profiles;
        this.data = data;
        this.administration = administration;
        this.decoyHash = passwords.encode(SecretTokens.generate());
    }

    // --- reading ---------------------------------------------------------------------------------

    /** A member's public profile; empty for unknown or suspended members. */
    @Transactional(readOnly = true)
    public Optional<MemberProfile> profile(UUID memberId) {
        return find(memberId).filter(m -> m.status() != MemberStatus.SUSPENDED).map(Member::profile);
    }

    @Transactional(readOnly = true)
    public Optional<MemberAccount> account(UUID memberId) {
        return find(memberId).map(Member::account);
    }

    /**
     * Refuses (403) members who may not yet publish, message or transact: unverified email, suspended
     * or deleted account.
     */
    @Transactional(readOnly = true)
    public void requireVerified(UUID memberId) {
        Member member = readWithThisRequest(memberId)
                .or(() -> find(memberId))
                .orElseThrow(() -> Refusal.forbidden("accounts.unknownMember"));
        if (member.status() != MemberStatus.ACTIVE) {
            throw Refusal.forbidden("accounts.notActive");
        }
        if (!member.verified()) {
            throw Refusal.forbidden("accounts.unverified");
        }
    }

    @Transactional(readOnly = true)
    public boolean hasMembers() {
        return store.hasMembers();
    }

    // --- joining ---------------------------------------------------------------------------------

    /**
     * Starts an account and mails a verification link. A taken email gets the same answer and its
     * owner a "someone tried to sign up" mail, so sign-up never tells who is a member. Limited per
     * client address and per email.
     */
    public void signUp(SignUp command, String clientAddress) {
        String email = normalizeEmail(command.email());
        String name = command.displayName().strip();
        checkJoining(passwordPolicy, email, name, command.password());
        limits.signUp(email, clientAddress);
        // before the transaction, so no connection waits on Argon2; also for a taken email: same time either way
        String hash = passwords.encode(command.password());
        transactions.executeWithoutResult(status -> join(email, name, hash));
    }

    private void join(String email, String name, String hash) {
        Optional<Member> existing = findByEmail(email);
        if (existing.isPresent()) {
            if (existing.get().status() != MemberStatus.DELETED) {
                mails.signUpAttempt(existing.get().id(), email);
            }
            return;
        }
        UUID id = UUID.randomUUID();
        try {
            store.insert(id, email, null, hash, name, clock.instant());
        } catch (DuplicateKeyException raced) {
            mails.signUpAttempt(null, email);
            return;
        }
        mails.verification(id, email, name, emailTokens.issue(id, Purpose.VERIFY_EMAIL, null));
    }

    /**
     * Sends a new verification link if the address belongs to an unverified member; silent otherwise.
     * Limited per client address and per email, member or not.
     */
    public void resendVerification(String rawEmail, String clientAddress) {
        String email = normalizeEmail(rawEmail);
        limits.verificationMail(email, clientAddress);
        transactions.executeWithoutResult(status -> findByEmail(email)
                .filter(m -> !m.verified() && m.status() == MemberStatus.ACTIVE)
                .ifPresent(m -> mails.verification(
                        m.id(), m.email(), m.displayName(), emailTokens.issue(m.id(), Purpose.VERIFY_EMAIL, null))));
    }

    @Transactional
    public UUID verifyEmail(String token) {
        UUID memberId = emailTokens
                .redeem(token, Purpose.VERIFY_EMAIL)
                .orElseThrow(() -> InvalidInput.of("token", "accounts.token.invalid"))
                .memberId();
        markVerified(memberId);
        return memberId;
    }

    // --- signing in ------------------------------------------------------------------------------

    /**
     * Checks email and password under the brute-force limits. Every failure says only that the email
     * or the password is wrong. An attempt is taken before the password is checked and given back when
     * it was right. No transaction: the member is read on a connection given back at once, and the hash
     * is compared holding none.
     */
    Member authenticate(String rawEmail, String password, String clientAddress) {
        String email = normalizeEmail(rawEmail);
        RateLimits.Taken attempt = limits.signIn(email, clientAddress);
        Optional<Member> member = findByEmail(email).filter(m -> m.status() != MemberStatus.DELETED);
        String hash = member.map(Member::passwordHash).orElse(decoyHash);
        if (!passwords.matches(password, hash) || member.isEmpty()) {
            throw new WrongCredentials();
        }
        attempt.giveBack();
        Member found = member.get();
        if (found.status() == MemberStatus.SUSPENDED) {
            throw Refusal.forbidden("accounts.suspended");
        }
        if (passwords.upgradeEncoding(hash)) {
            storePassword(found.id(), password);
        }
        return found;
    }

    /** A new API token; limited per member. */
    IssuedToken issueApiToken(UUID memberId, String label) {
        String name = label.isBlank() ? "API" : label.strip();
        if (name.length() > TOKEN_LABEL_MAX) {
            throw InvalidInput.of("label", "validation.length", 0, TOKEN_LABEL_MAX);
        }
        if (!Text.oneLine(name)) {
            throw InvalidInput.of("label", "validation.oneLine");
        }
        limits.apiToken(memberId);
        return Objects.requireNonNull(transactions.execute(status -> {
            // counted under a lock on the member, so parallel requests can't pass the cap
            store.lock(memberId);
            if (apiTokens.activeCount(memberId) >= ACTIVE_TOKENS_MAX) {
                throw Refusal.conflict("accounts.token.tooMany", ACTIVE_TOKENS_MAX);
            }
            return apiTokens.issue(memberId, name);
        }));
    }

    /** One query, outside a transaction: every API request asks this first. */
    Optional<Member> authenticateToken(String token) {
        return apiTokens.authenticate(token).map(ApiTokens.Authenticated::member);
    }

    @Transactional(readOnly = true)
    public List<ApiToken> apiTokens(UUID memberId) {
        return apiTokens.active(memberId);
    }

    @Transactional
    public void revokeApiToken(UUID memberId, UUID tokenId) {
        if (!apiTokens.revoke(memberId, tokenId)) {
            throw Refusal.notFound("accounts.token.notFound");
        }
    }

    @Transactional
    void revokeApiToken(String token) {
        apiTokens.match(token).ifPresent(match -> apiTokens.revoke(match.memberId(), match.tokenId()));
    }

    /** Signs the member out on every other device: sessions, "remember me" and API tokens. */
    @Transactional
    public void signOutOtherDevices(UUID memberId, String keepSessionId) {
        signOuts.everywhere(memberId, keepSessionId);
    }

    // --- passwords -------------------------------------------------------------------------------

    /**
     * Mails a reset link if the address belongs to a member; the answer is the same either way, and so
     * are the limits per client address and per email.
     */
    public void requestPasswordReset(String rawEmail, String clientAddress) {
        String email = normalizeEmail(rawEmail);
        limits.passwordReset(email, clientAddress);
        transactions.executeWithoutResult(status -> findByEmail(email)
                .filter(m -> m.status() == MemberStatus.ACTIVE)
                .ifPresent(m -> mails.passwordReset(
                        m.id(), m.email(), m.displayName(), emailTokens.issue(m.id(), Purpose.RESET_PASSWORD, null))));
    }

    /**
     * Sets a new password from a reset link and signs the member out everywhere. The password is hashed
     * before the transaction: no connection waits on Argon2.
     */
    public void resetPassword(String token, String newPassword) {
        // the token is checked first so that a weak password doesn't burn it
        UUID memberId = emailTokens
                .peek(token, Purpose.RESET_PASSWORD)
                .orElseThrow(() -> InvalidInput.of("token", "accounts.token.invalid"));
        Member member = find(memberId).orElseThrow(() -> InvalidInput.of("token", "accounts.token.invalid"));
        passwordPolicy.check("newPassword", newPassword, member.email(), member.displayName());
        String hash = passwords.encode(newPassword);
        transactions.executeWithoutResult(status -> {
            // redeemed only now, once: a link used meanwhile is refused here
            emailTokens
                    .redeem(token, Purpose.RESET_PASSWORD)
                    .orElseThrow(() -> InvalidInput.of("token", "accounts.token.invalid"));
            emailTokens.invalidate(memberId, Purpose.RESET_PASSWORD);
            storeHash(memberId, hash);
            // a reset link proves the mailbox: the address is verified too
            markVerified(memberId);
            signOuts.everywhere(memberId, null);
            mails.passwordChanged(member.id(), Objects.requireNonNull(member.email()), member.displayName());
        });
    }

    /**
     * Changes the password after checking the current one; other devices are signed out. Both Argon2
     * steps run before the transaction, which changes the password only if nobody changed it meanwhile.
     */
    public void changePassword(
            UUID memberId, String currentPassword, String newPassword, @Nullable String keepSessionId) {
        Member member = activeMember(memberId);
        checkCurrentPassword(member, currentPassword);
        passwordPolicy.check("newPassword", newPassword, member.email(), member.displayName());
        String hash = passwords.encode(newPassword);
        transactions.executeWithoutResult(status -> {
            if (!store.replaceHash(memberId, member.passwordHash(), hash)) {
                throw InvalidInput.of("currentPassword", "accounts.password.currentWrong");
            }
            signOuts.everywhere(memberId, keepSessionId);
            mails.passwordChanged(member.id(), Objects.requireNonNull(member.email()), member.displayName());
        });
    }

    // --- email address ---------------------------------------------------------------------------

    /**
     * Mails a confirmation link to the new address; the email changes when it is followed. Limited per
     * client address and per new address, before the password is even checked.
     */
    public void requestEmailChange(UUID memberId, String rawNewEmail, String currentPassword, String clientAddress) {
        limits.emailChange(normalizeEmail(rawNewEmail), clientAddress);
        // checked before the transaction: no connection waits on Argon2
        checkCurrentPassword(activeMember(memberId), currentPassword);
        transactions.executeWithoutResult(status -> emailChanges.mail(memberId, rawNewEmail));
    }

    @Transactional
    public void confirmEmailChange(String token) {
        emailChanges.confirm(token);
    }

    // --- profile ---------------------------------------------------------------------------------
    // --- profile ---------------------------------------------------------------------------------

    @Transactional
    public MemberAccount updateProfile(UUID memberId, ProfileUpdate update) {
        return profiles.updateProfile(memberId, update);
    }

    /**
     * Replaces the member's photo. The image is checked, re-encoded and stored before the transaction
     * that changes the row begins, so no connection waits for the decoding; the old image is deleted
     * only once the change is committed, the new one if it is not.
     */
    public MemberAccount setAvatar(UUID memberId, InputStream content) {
        return profiles.setAvatar(memberId, content);
    }

    @Transactional
    public MemberAccount removeAvatar(UUID memberId) {
        return profiles.removeAvatar(memberId);
    }

    // --- leaving ---------------------------------------------------------------------------------

    /**
     * Erases the member's personal data: here the account, its tokens, the mail kept for them and their
     * photo; every other module erases its part when it learns of {@link MemberDeleted}. Records other
     * members rely on (past transactions, messages) keep pointing at the member, shown as "Deleted
     * member".
     */
    public void delete(UUID memberId, String currentPassword) {
        // checked before the transaction: no connection waits on Argon2
        checkCurrentPassword(activeMember(memberId), currentPassword);
        transactions.executeWithoutResult(status -> data.erase(memberId));
    }

    /**
     * Everything Souk keeps about the member, for "download my data": the account and its tokens, the
     * mail kept for them, and every module's part ({@link PersonalData}), read in one transaction.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Map<String, Object> export(UUID memberId) {
        return data.export(memberId);
    }

    // --- operators -------------------------------------------------------------------------------

    /**
     * Makes sure an operator account with this email exists (verified) and returns it; used at start
     * from SOUK_ADMIN_EMAIL/SOUK_ADMIN_PASSWORD and by the demo. An existing operator is left as it is
     * (its password may have changed since). An existing member who is not an operator may be someone who
     * signed up with that address first: the account is taken over — password set from {@code password}, its
     * second factor removed, every session and token ended — before it becomes an operator's.
     */
    @Transactional
    public UUID ensureOperator(String rawEmail, String password, String displayName) {
        return administration.ensureOperator(rawEmail, password, displayName);
    }

    /**
     * Creates an account directly, without the sign-up mail; for operators' imports and the demo.
     * The same rules as sign-up apply, but a taken email is refused openly.
     */
    @Transactional
    public UUID register(SignUp command, boolean emailVerified) {
        return administration.register(command, emailVerified);
    }

    /** Whether this email's account still has this password; the demo uses it to show its sign-in. */
    public boolean hasPassword(String email, String password) {
        return administration.hasPassword(email, password);
    }

    @Transactional
    public void suspend(UUID memberId, String reason) {
        administration.suspend(memberId, reason);
    }

    @Transactional
    public void reinstate(UUID memberId) {
        administration.reinstate(memberId);
    }

    /** Members for the operator console, newest first; {@code query} matches name or email. */
    @Transactional(readOnly = true)
    public List<MemberAccount> members(String query, int limit, int offset) {
        return administration.members(query, limit, offset);
    }

    /** The active operators, for what only they must hear of (e.g. a webhook endpoint paused). */
    @Transactional(readOnly = true)
    public List<MemberAccount> operators() {
        return administration.operators();
    }

    // --- internals -------------------------------------------------------------------------------

    Optional<Member> find(UUID id) {
        return store.find(id);
    }

    private Optional<Member> findByEmail(String email) {
        return store.findByEmail(email);
    }

    /**
     * The member as the current API request read them with its token a moment ago, if it is this
     * member: the token's authentication carries the row it was matched with. Read in this request, so
     * never older than it; a session's authentication carries none (it lives longer than a request).
     */
    private static Optional<Member> readWithThisRequest(UUID memberId) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.getDetails() instanceof Member read
                && read.id().equals(memberId)) {
            return Optional.of(read);
        }
        return Optional.empty();
    }

    Member activeMember(UUID memberId) {
        return active(find(memberId));
    }

    /** The member if their account is active; 404 otherwise (suspended and deleted members are not found). */
    static Member active(Optional<Member> member) {
        return member.filter(m -> m.status() == MemberStatus.ACTIVE)
                .orElseThrow(() -> Refusal.notFound("accounts.unknownMember"));
    }

    void checkCurrentPassword(Member member, String currentPassword) {
        if (member.passwordHash() == null || !passwords.matches(currentPassword, member.passwordHash())) {
            throw InvalidInput.of("currentPassword", "accounts.password.currentWrong");
        }
    }

    private void markVerified(UUID memberId) {
        store.markVerified(memberId, clock.instant());
    }

    private void storePassword(UUID memberId, String password) {
        storeHash(memberId, passwords.encode(password));
    }

    private void storeHash(UUID memberId, String hash) {
        store.storeHash(memberId, hash);
    }

    static String normalizeEmail(String email) {
        return email.strip();
    }

    static void checkJoining(PasswordPolicy passwordPolicy, String email, String name, String password) {
        List<FieldProblem> problems = new ArrayList<>();
        checkEmail("email", email, problems);
        checkName("displayName", name, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        passwordPolicy.check("password", password, email, name);
    }

    static void checkEmail(String field, String email, List<FieldProblem> problems) {
        if (email.isEmpty()) {
            problems.add(new FieldProblem(field, "validation.required"));
        } else if (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches() || !Text.oneLine(email)) {
            problems.add(new FieldProblem(field, "accounts.email.invalid"));
        }
    }

    static void checkName(String field, String name, List<FieldProblem> problems) {
        if (name.isEmpty() || name.length() > NAME_MAX) {
            problems.add(new FieldProblem(field, "validation.length", 1, NAME_MAX));
        } else if (!Text.oneLine(name)) {
            problems.add(new FieldProblem(field, "validation.oneLine"));
        }
    }
}
