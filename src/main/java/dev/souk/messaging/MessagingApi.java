package dev.souk.messaging;

import dev.souk.accounts.SignedInMember;
import dev.souk.shared.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The messaging part of the JSON API. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Messaging", description = "Conversations between members about a listing, blocks and reports")
class MessagingApi {

    private final Messaging messaging;
    private final MessageSource texts;

    MessagingApi(Messaging messaging, MessageSource texts) {
        this.messaging = messaging;
        this.texts = texts;
    }

    // --- JSON shapes (the API description, /api/openapi.json, is made from them) -----------------

    record ListingRef(UUID id, String title) {}

    @Schema(name = "MemberCard") // the API description names each shape once; accounts has a MemberJson (a profile)
    record MemberJson(UUID id, String displayName, @Nullable String avatarUrl) {

        /** A gone member is named by the placeholder pages show ("Deleted member", "Former member"). */
        static MemberJson of(MemberCard card, MessageSource texts) {
            String name = card.gone()
                    ? texts.getMessage(card.placeholderKey(), null, LocaleContextHolder.getLocale())
                    : card.displayName();
            return new MemberJson(card.id(), name, card.avatarUrl());
        }
    }

    record MessageJson(
            UUID id,
            UUID conversationId,
            UUID senderId,
            String text,
            Instant sentAt,
            @Nullable Instant seenAt) {

        static MessageJson of(MessageView m) {
            return new MessageJson(m.id(), m.conversationId(), m.senderId(), m.text(), m.sentAt(), m.seenAt());
        }
    }

    record ConversationJson(
            UUID id,
            ListingRef listing,
            List<MemberJson> participants,
            @Nullable MessageJson lastMessage,
            int unreadCount,
            boolean blocked) {

        /** Participants: the viewer first, then the other member. */
        static ConversationJson of(ConversationView c, MemberCard viewer, MessageSource texts) {
            return new ConversationJson(
                    c.id(),
                    new ListingRef(c.listingId(), c.listingTitle()),
                    List.of(MemberJson.of(viewer, texts), MemberJson.of(c.other(), texts)),
                    c.lastMessage() == null ? null : MessageJson.of(c.lastMessage()),
                    c.unreadCount(),
                    c.blocked());
        }
    }

    record Page<T>(List<T> items, @Nullable String nextCursor) {}

    record ContactBody(@Nullable UUID listingId, @Nullable String text) {}

    record TextBody(@Nullable String text) {}

    record ReasonBody(@Nullable String reason) {}

    record ReportJson(UUID id, UUID conversationId, String reason, String status, Instant createdAt) {}

    record UnreadJson(int unreadCount) {}

    // --- conversations ---------------------------------------------------------------------------

    @GetMapping("/conversations")
    @Operation(summary = "The signed-in member's conversations, latest message first")
    Page<ConversationJson> inbox(
            SignedInMember me,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "" + Messaging.DEFAULT_LIMIT) int limit) {
        InboxPage page = messaging.inbox(me.id(), cursor, limit);
        MemberCard viewer = messaging.member(me.id());
        return new Page<>(
                page.items().stream()
                        .map(c -> ConversationJson.of(c, viewer, texts))
                        .toList(),
                page.nextCursor());
    }

    @GetMapping("/conversations/unread")
    @Operation(summary = "How many messages the signed-in member has not read")
    UnreadJson unread(SignedInMember me) {
        return new UnreadJson(messaging.unreadCount(me.id()));
    }

    @PostMapping("/conversations")
    @Operation(
            summary = "Contact a listing's provider",
            description =
                    "Starts the conversation about the listing (201) or adds the message to the existing one (200).")
    @ApiResponse(responseCode = "201", description = "The conversation, started with this message")
    @ApiResponse(responseCode = "200", description = "The conversation the message was added to")
    @ApiResponse(
            responseCode = "403",
            description = "The sender's email is not verified, one of the two blocked the other, or the owner is gone")
    @ApiResponse(responseCode = "404", description = "No such public listing")
    @ApiResponse(responseCode = "422", description = "The listing is the sender's own")
    @ApiResponse(responseCode = "429", description = "Too many messages or new conversations: wait Retry-After seconds")
    ResponseEntity<ConversationJson> contact(SignedInMember me, @RequestBody ContactBody body) {
        if (body.listingId() == null) {
            throw InvalidInput.of("listingId", "validation.required");
        }
        Contacted contacted = messaging.contact(me.id(), body.listingId(), body.text());
        ConversationJson json = ConversationJson.of(contacted.conversation(), messaging.member(me.id()), texts);
        if (contacted.started()) {
            return ResponseEntity.created(URI.create("/api/v1/conversations/" + json.id()))
                    .body(json);
        }
        return ResponseEntity.ok(json);
    }

    @GetMapping("/conversations/{id}")
    @Operation(summary = "One of the signed-in member's conversations")
    ConversationJson conversation(SignedInMember me, @PathVariable UUID id) {
        return ConversationJson.of(messaging.conversation(me.id(), id), messaging.member(me.id()), texts);
    }

    @GetMapping("/conversations/{id}/messages")
    @Operation(summary = "A conversation's messages, newest first; nextCursor pages back in time")
    Page<MessageJson> messages(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "" + Messaging.DEFAULT_LIMIT) int limit) {
        MessagePage page = messaging.messages(me.id(), id, cursor, limit);
        return new Page<>(page.items().stream().map(MessageJson::of).toList(), page.nextCursor());
    }

    @PostMapping("/conversations/{id}/messages")
    @Operation(summary = "Send a message in one of the signed-in member's conversations")
    @ApiResponse(responseCode = "201", description = "The message")
    @ApiResponse(
            responseCode = "403",
            description = "The sender's email is not verified, one of the two blocked the other, or the other is gone")
    @ApiResponse(responseCode = "429", description = "Too many messages: wait Retry-After seconds")
    ResponseEntity<MessageJson> send(SignedInMember me, @PathVariable UUID id, @RequestBody TextBody body) {
        MessageView message = messaging.send(me.id(), id, body.text());
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + id + "/messages/" + message.id()))
                .body(MessageJson.of(message));
    }

    @PostMapping("/conversations/{id}/read")
    @Operation(summary = "Mark the conversation read: the other member sees its messages as seen")
    ConversationJson read(SignedInMember me, @PathVariable UUID id) {
        return ConversationJson.of(messaging.markRead(me.id(), id), messaging.member(me.id()), texts);
    }

    @PostMapping("/conversations/{id}/report")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Report the conversation to the operator")
    ReportJson report(SignedInMember me, @PathVariable UUID id, @RequestBody ReasonBody body) {
        ConversationReport report = messaging.report(me.id(), id, body.reason());
        return new ReportJson(
                report.id(),
                report.conversationId(),
                report.reason(),
                report.status().column(),
                report.createdAt());
    }

    // --- blocks ----------------------------------------------------------------------------------

    @PostMapping("/members/{id}/block")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Block a member: no new messages either way; the history stays")
    @ApiResponse(responseCode = "422", description = "Members cannot block themselves")
    void block(SignedInMember me, @PathVariable UUID id) {
        messaging.block(me.id(), id);
    }

    @DeleteMapping("/members/{id}/block")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unblock a member")
    void unblock(SignedInMember me, @PathVariable UUID id) {
        messaging.unblock(me.id(), id);
    }
}
