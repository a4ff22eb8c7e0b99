package dev.souk.accounts;

import dev.souk.accounts.EmailTokens.Purpose;
import dev.souk.infra.RateLimits;
import dev.souk.media.ImageKind;
import dev.souk.media.Images;
import dev.souk.media.StoredImage;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The facade of the accounts module. */
@Service
public class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

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
    private final SecondFactorStore secondFactors;
    private final AccountMails mails;
    private final ApplicationEventPublisher events;
    private final Images images;
    private final ObjectProvider<PersonalData> personalData;
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
            SecondFactorStore secondFactors,
            AccountMails mails,
            ApplicationEventPublisher events,
            Images images,
            ObjectProvider<PersonalData> personalData) {
        this.store = store;
        this.clock = clock;
        this.passwords = passwords;
        this.passwordPolicy = passwordPolicy;
        this.emailTokens = emailTokens;
        this.apiTokens = apiTokens;
        this.limits = limits;
        this.transactions = transactions;
        this.signOuts = signOuts;
        this.secondFactors = secondFactors;
        this.mails = mails;
        this.events = events;
        this.images = images;
        this.personalData = personalData;
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
        checkJoining(email, name, command.password());
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
        transactions.executeWithoutResult(status -> mailEmailChange(memberId, rawNewEmail));
    }

    private void mailEmailChange(UUID memberId, String rawNewEmail) {
        Member member = activeMember(memberId);
        String newEmail = normalizeEmail(rawNewEmail);
        List<FieldProblem> problems = new ArrayList<>();
        checkEmail("newEmail", newEmail, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        if (newEmail.equalsIgnoreCase(member.email())) {
            throw InvalidInput.of("newEmail", "accounts.email.same");
        }
        Optional<Member> taken = findByEmail(newEmail);
        if (taken.isPresent()) {
            // don't reveal the other account: tell its owner instead, as at sign-up
            mails.signUpAttempt(taken.get().id(), newEmail);
            return;
        }
        mails.emailChange(
                memberId, newEmail, member.displayName(), emailTokens.issue(memberId, Purpose.CHANGE_EMAIL, newEmail));
    }

    @Transactional
    public void confirmEmailChange(String token) {
        EmailTokens.Redeemed redeemed = emailTokens
                .redeem(token, Purpose.CHANGE_EMAIL)
                .orElseThrow(() -> InvalidInput.of("token", "accounts.token.invalid"));
        Member member = activeMember(redeemed.memberId());
        String newEmail = java.util.Objects.requireNonNull(redeemed.newEmail());
        try {
            store.changeEmail(member.id(), newEmail, clock.instant());
        } catch (DuplicateKeyException taken) {
            throw InvalidInput.of("token", "accounts.email.taken");
        }
        mails.emailChanged(
                member.id(), java.util.Objects.requireNonNull(member.email()), member.displayName(), newEmail);
    }

    // --- profile ---------------------------------------------------------------------------------

    @Transactional
    public MemberAccount updateProfile(UUID memberId, ProfileUpdate update) {
        activeMember(memberId);
        String name = update.displayName().strip();
        String bio = update.bio().strip();
        String city = update.city().strip();
        List<FieldProblem> problems = new ArrayList<>();
        checkName("displayName", name, problems);
        if (bio.length() > BIO_MAX) {
            problems.add(new FieldProblem("bio", "validation.length", 0, BIO_MAX));
        }
        if (city.length() > CITY_MAX) {
            problems.add(new FieldProblem("city", "validation.length", 0, CITY_MAX));
        } else if (!Text.oneLine(city)) {
            problems.add(new FieldProblem("city", "validation.oneLine"));
        }
        if (!Text.acceptable(bio)) {
            problems.add(new FieldProblem("bio", "validation.characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        store.updateProfile(memberId, name, bio, city);
        return account(memberId).orElseThrow();
    }

    /**
     * Replaces the member's photo. The image is checked, re-encoded and stored before the transaction
     * that changes the row begins, so no connection waits for the decoding; the old image is deleted
     * only once the change is committed, the new one if it is not.
     */
    public MemberAccount setAvatar(UUID memberId, InputStream content) {
        activeMember(memberId);
        StoredImage image = images.store(content, ImageKind.AVATAR);
        try {
            return java.util.Objects.requireNonNull(transactions.execute(status -> {
                Member member = activeMember(memberId);
                store.setAvatar(memberId, image.id(), image.url("large"), image.url("small"));
                deleteImageAfterCommit(member.avatarImageId());
                return account(memberId).orElseThrow();
            }));
        } catch (RuntimeException e) {
            images.delete(image.id());
            throw e;
        }
    }

    @Transactional
    public MemberAccount removeAvatar(UUID memberId) {
        Member member = activeMember(memberId);
        store.removeAvatar(memberId);
        deleteImageAfterCommit(member.avatarImageId());
        return account(memberId).orElseThrow();
    }

    private void deleteImageAfterCommit(@Nullable String imageId) {
        if (imageId == null) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                images.delete(imageId);
            }
        });
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
        transactions.executeWithoutResult(status -> erase(memberId));
    }

    private void erase(UUID memberId) {
        Member member = activeMember(memberId);
        mails.forget(memberId, member.email());
        store.erase(memberId, clock.instant());
        emailTokens.deleteAll(memberId);
        signOuts.everywhere(memberId, null);
        apiTokens.deleteAll(memberId);
        events.publishEvent(new MemberDeleted(memberId));
        // last, so nothing after it fails: were it deleted after the commit and the node to stop in
        // between, the photo would stay public for good; a rollback leaves the member without a photo
        if (member.avatarImageId() != null) {
            images.delete(member.avatarImageId());
        }
    }

    /**
     * Everything Souk keeps about the member, for "download my data": the account and its tokens, the
     * mail kept for them, and every module's part ({@link PersonalData}), read in one transaction.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Map<String, Object> export(UUID memberId) {
        Member member = activeMember(memberId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exportedAt", clock.instant().toString());
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", member.id());
        account.put("email", member.email());
        account.put(
                "emailVerifiedAt",
                member.emailVerifiedAt() == null
                        ? null
                        : member.emailVerifiedAt().toString());
        account.put("displayName", member.displayName());
        account.put("bio", member.bio());
        account.put("city", member.city());
        account.put("avatarUrl", member.avatarUrl());
        account.put("roles", member.roles().stream().map(Role::column).sorted().toList());
        account.put("memberSince", member.createdAt().toString());
        account.put(
                "twoFactorSince",
                member.totpEnabledAt() == null ? null : member.totpEnabledAt().toString());
        data.put("account", account);
        data.put(
                "apiTokens",
                apiTokens.active(memberId).stream()
                        .map(t -> Map.of(
                                "id", t.id(),
                                "label", t.label(),
                                "createdAt", t.createdAt().toString(),
                                "expiresAt", t.expiresAt().toString()))
                        .toList());
        data.put("mail", mails.mailOf(memberId, member.email()));
        personalData.stream()
                .sorted(java.util.Comparator.comparing(PersonalData::part))
                .forEach(part -> data.put(part.part(), part.export(memberId)));
        return data;
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
        String email = normalizeEmail(rawEmail);
        List<FieldProblem> problems = new ArrayList<>();
        checkEmail("email", email, problems);
        checkName("displayName", displayName, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        Optional<Member> existing = findByEmail(email);
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
    @Transactional
    public UUID register(SignUp command, boolean emailVerified) {
        String email = normalizeEmail(command.email());
        String name = command.displayName().strip();
        checkJoining(email, name, command.password());
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
    public boolean hasPassword(String email, String password) {
        return findByEmail(normalizeEmail(email))
                .map(Member::passwordHash)
                .map(hash -> passwords.matches(password, hash))
                .orElse(false);
    }

    @Transactional
    public void suspend(UUID memberId, String reason) {
        String why = reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            throw InvalidInput.of("reason", "validation.length", 1, 500);
        }
        if (!Text.acceptable(why)) {
            throw InvalidInput.of("reason", "validation.characters");
        }
        Member member = find(memberId).orElseThrow(() -> Refusal.notFound("accounts.unknownMember"));
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

    @Transactional
    public void reinstate(UUID memberId) {
        if (!store.reinstate(memberId)) {
            throw Refusal.invalidState("accounts.notSuspended");
        }
        events.publishEvent(new MemberReinstated(memberId));
    }

    /** Members for the operator console, newest first; {@code query} matches name or email. */
    @Transactional(readOnly = true)
    public List<MemberAccount> members(String query, int limit, int offset) {
        return store.search(query.strip().toLowerCase(Locale.ROOT), limit, offset).stream()
                .map(Member::account)
                .toList();
    }

    /** The active operators, for what only they must hear of (e.g. a webhook endpoint paused). */
    @Transactional(readOnly = true)
    public List<MemberAccount> operators() {
        return store.activeOperators().stream().map(Member::account).toList();
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
        return find(memberId)
                .filter(m -> m.status() == MemberStatus.ACTIVE)
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

    private static String normalizeEmail(String email) {
        return email.strip();
    }

    private void checkJoining(String email, String name, String password) {
        List<FieldProblem> problems = new ArrayList<>();
        checkEmail("email", email, problems);
        checkName("displayName", name, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        passwordPolicy.check("password", password, email, name);
    }

    private static void checkEmail(String field, String email, List<FieldProblem> problems) {
        if (email.isEmpty()) {
            problems.add(new FieldProblem(field, "validation.required"));
        } else if (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches() || !Text.oneLine(email)) {
            problems.add(new FieldProblem(field, "accounts.email.invalid"));
        }
    }

    private static void checkName(String field, String name, List<FieldProblem> problems) {
        if (name.isEmpty() || name.length() > NAME_MAX) {
            problems.add(new FieldProblem(field, "validation.length", 1, NAME_MAX));
        } else if (!Text.oneLine(name)) {
            problems.add(new FieldProblem(field, "validation.oneLine"));
        }
    }
}
