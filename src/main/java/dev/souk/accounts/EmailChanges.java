package dev.souk.accounts;

import dev.souk.accounts.EmailTokens.Purpose;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * A member's change of email: a confirmation link to the new address, and the change when it is
 * followed. A taken address is never revealed: its owner is told instead, as at sign-up.
 */
@Component
class EmailChanges {

    private final AccountStore store;
    private final Clock clock;
    private final EmailTokens emailTokens;
    private final AccountMails mails;

    EmailChanges(AccountStore store, Clock clock, EmailTokens emailTokens, AccountMails mails) {
        this.store = store;
        this.clock = clock;
        this.emailTokens = emailTokens;
        this.mails = mails;
    }

    /** In the caller's transaction. */
    void mail(UUID memberId, String rawNewEmail) {
        Member member = Accounts.active(store.find(memberId));
        String newEmail = Accounts.normalizeEmail(rawNewEmail);
        List<FieldProblem> problems = new ArrayList<>();
        Accounts.checkEmail("newEmail", newEmail, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        if (newEmail.equalsIgnoreCase(member.email())) {
            throw InvalidInput.of("newEmail", "accounts.email.same");
        }
        Optional<Member> taken = store.findByEmail(newEmail);
        if (taken.isPresent()) {
            // don't reveal the other account: tell its owner instead, as at sign-up
            mails.signUpAttempt(taken.get().id(), newEmail);
            return;
        }
        mails.emailChange(
                memberId, newEmail, member.displayName(), emailTokens.issue(memberId, Purpose.CHANGE_EMAIL, newEmail));
    }

    void confirm(String token) {
        EmailTokens.Redeemed redeemed = emailTokens
                .redeem(token, Purpose.CHANGE_EMAIL)
                .orElseThrow(() -> InvalidInput.of("token", "accounts.token.invalid"));
        Member member = Accounts.active(store.find(redeemed.memberId()));
        String newEmail = java.util.Objects.requireNonNull(redeemed.newEmail());
        try {
            store.changeEmail(member.id(), newEmail, clock.instant());
        } catch (DuplicateKeyException taken) {
            throw InvalidInput.of("token", "accounts.email.taken");
        }
        mails.emailChanged(
                member.id(), java.util.Objects.requireNonNull(member.email()), member.displayName(), newEmail);
    }
}
