package dev.souk.messaging;

import dev.souk.accounts.MemberDeleted;
import dev.souk.accounts.MemberReinstated;
import dev.souk.accounts.MemberSuspended;
import dev.souk.messaging.ConversationStore.GoneReason;
import java.time.Clock;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Follows what happens to members' accounts: a suspended or deleted member can no longer receive
 * messages; their conversations and history stay with the other participant.
 */
@Component
class ConversationMembers {

    private final ConversationStore store;
    private final Clock clock;

    ConversationMembers(ConversationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(MemberSuspended event) {
        store.memberGone(event.memberId(), GoneReason.SUSPENDED, clock.instant());
    }

    @ApplicationModuleListener
    void on(MemberReinstated event) {
        store.memberBack(event.memberId());
    }

    /** The conversations stay, the deleted member shown as "Deleted member"; their own choices go. */
    @ApplicationModuleListener
    void on(MemberDeleted event) {
        store.memberGone(event.memberId(), GoneReason.DELETED, clock.instant());
        store.forgetChoicesOf(event.memberId());
    }
}
