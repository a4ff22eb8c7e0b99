package dev.souk.accounts;

import dev.souk.media.Images;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * A member's personal data as a whole: erased when they delete their account (here, and in every
 * other module through {@link MemberDeleted}), and gathered for "download my data".
 */
@Component
class AccountData {

    private final AccountStore store;
    private final Clock clock;
    private final EmailTokens emailTokens;
    private final ApiTokens apiTokens;
    private final SignOuts signOuts;
    private final AccountMails mails;
    private final ApplicationEventPublisher events;
    private final Images images;
    private final ObjectProvider<PersonalData> personalData;

    AccountData(
            AccountStore store,
            Clock clock,
            EmailTokens emailTokens,
            ApiTokens apiTokens,
            SignOuts signOuts,
            AccountMails mails,
            ApplicationEventPublisher events,
            Images images,
            ObjectProvider<PersonalData> personalData) {
        this.store = store;
        this.clock = clock;
        this.emailTokens = emailTokens;
        this.apiTokens = apiTokens;
        this.signOuts = signOuts;
        this.mails = mails;
        this.events = events;
        this.images = images;
        this.personalData = personalData;
    }

    /** In the caller's transaction; the photo is deleted last, so nothing after it fails. */
    void erase(UUID memberId) {
        Member member = Accounts.active(store.find(memberId));
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
    Map<String, Object> export(UUID memberId) {
        Member member = Accounts.active(store.find(memberId));
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
}
