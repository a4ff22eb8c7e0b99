package dev.souk.messaging;

import dev.souk.accounts.PersonalData;
import dev.souk.messaging.ConversationStore.Block;
import dev.souk.messaging.ConversationStore.ReportRow;
import dev.souk.messaging.ConversationStore.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The member's part of messaging in "download my data": their conversations with every message in
 * them (the other member's too, as the member reads them), whom they blocked, what they reported and
 * whether they want mail about messages.
 */
@Component
class MessagingPersonalData implements PersonalData {

    private final ConversationStore store;
    private final Messaging messaging;

    MessagingPersonalData(ConversationStore store, Messaging messaging) {
        this.store = store;
        this.messaging = messaging;
    }

    record MessagingData(
            List<ConversationData> conversations,
            List<Block> blocks,
            List<ReportData> reports,
            boolean messageEmails) {}

    /**
     * @param role whether the member asked about the listing ("customer") or offers it ("provider")
     * @param with the other member; no name once they left
     */
    record ConversationData(
            UUID id,
            UUID listingId,
            String listingTitle,
            String role,
            Other with,
            Instant startedAt,
            List<MessageData> messages) {}

    record Other(UUID id, @Nullable String displayName) {}

    record MessageData(
            UUID id,
            boolean fromMe,
            String text,
            Instant sentAt,
            @Nullable Instant seenAt) {}

    record ReportData(
            UUID id,
            UUID conversationId,
            String reason,
            String status,
            Instant createdAt,
            @Nullable Instant resolvedAt) {}

    @Override
    public String part() {
        return "messaging";
    }

    @Override
    @Transactional(readOnly = true)
    public MessagingData export(UUID memberId) {
        Map<UUID, List<MessageData>> messages = new HashMap<>();
        for (MessageView m : store.everyMessageOf(memberId)) {
            messages.computeIfAbsent(m.conversationId(), id -> new ArrayList<>())
                    .add(new MessageData(m.id(), m.sentBy(memberId), m.text(), m.sentAt(), m.seenAt()));
        }
        List<ConversationData> conversations = new ArrayList<>();
        for (Row row : store.everyOf(memberId)) {
            MemberCard other = messaging.member(row.otherId());
            conversations.add(new ConversationData(
                    row.id(),
                    row.listingId(),
                    row.listingTitle(),
                    row.customerId().equals(memberId) ? "customer" : "provider",
                    new Other(other.id(), other.gone() ? null : other.displayName()),
                    row.createdAt(),
                    messages.getOrDefault(row.id(), List.of())));
        }
        List<ReportData> reports = store.reportsBy(memberId).stream()
                .map(MessagingPersonalData::report)
                .toList();
        return new MessagingData(conversations, store.blocksBy(memberId), reports, store.messageEmails(memberId));
    }

    private static ReportData report(ReportRow r) {
        return new ReportData(
                r.id(), r.conversationId(), r.reason(), r.status().column(), r.createdAt(), r.resolvedAt());
    }
}
