package dev.souk.listings;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.accounts.SignedInMember;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Who is looking at a listing: nobody signed in, a member, or an operator. */
record Viewer(@Nullable UUID id, boolean operator) {

    static Viewer current(Accounts accounts) {
        return SignedInMember.current()
                .map(me -> new Viewer(
                        me.id(),
                        accounts.account(me.id()).map(MemberAccount::operator).orElse(false)))
                .orElse(new Viewer(null, false));
    }

    boolean owns(ListingView listing) {
        return listing.ownerId().equals(id);
    }
}
