package dev.souk.messaging;

import dev.souk.accounts.SignedInMember;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The member's pages: inbox, a conversation with its live feed, contacting a provider from a listing,
 * block and report. Forms work without JavaScript (post, then redirect); htmx only saves the reloads.
 */
@Controller
class MessagingPages {

    /** Messages a conversation page shows at first; older ones load on request. */
    static final int HISTORY_PAGE = 50;

    /** A page's id for the live feed: server-made, but checked, as it comes back from the browser. */
    private static final Pattern TAB = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Messaging messaging;
    private final Listings listings;
    private final LiveFeed feed;
    private final MessageSource messages;

    MessagingPages(Messaging messaging, Listings listings, LiveFeed feed, MessageSource messages) {
        this.messaging = messaging;
        this.listings = listings;
        this.feed = feed;
        this.messages = messages;
    }

    // --- inbox -----------------------------------------------------------------------------------

    @GetMapping("/inbox")
    String inbox(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        model.addAttribute("inbox", messaging.inbox(me.id(), cursor, Messaging.DEFAULT_LIMIT));
        return "messaging/inbox";
    }

    // --- contact ---------------------------------------------------------------------------------

    @GetMapping("/listings/{listingId}/contact")
    String contactForm(SignedInMember me, @PathVariable UUID listingId, Model model) {
        ListingView listing = contactable(me, listingId);
        var existing = messaging.conversationAbout(listingId, me.id());
        if (existing.isPresent()) {
            return "redirect:/conversations/" + existing.get();
        }
        return contactPage(model, listing, "", FormErrors.none());
    }

    @PostMapping("/conversations")
    String contact(
            SignedInMember me,
            @RequestParam UUID listingId,
            @RequestParam(defaultValue = "") String text,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        ListingView listing = contactable(me, listingId);
        try {
            Contacted contacted = messaging.contact(me.id(), listingId, text);
            return "redirect:/conversations/" + contacted.conversation().id();
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return contactPage(model, listing, text, FormErrors.of(invalid, messages, locale));
        }
    }

    private ListingView contactable(SignedInMember me, UUID listingId) {
        ListingView listing =
                listings.findPublic(listingId).orElseThrow(() -> Refusal.notFound("messaging.listing.notFound"));
        if (listing.ownerId().equals(me.id())) {
            throw Refusal.invalidState("messaging.ownListing");
        }
        return listing;
    }

    private String contactPage(Model model, ListingView listing, String text, FormErrors errors) {
        model.addAttribute("listingId", listing.id());
        model.addAttribute("listingTitle", listing.title());
        model.addAttribute("provider", messaging.member(listing.ownerId()));
        model.addAttribute("text", text);
        model.addAttribute("errors", errors);
        return "messaging/contact";
    }

    // --- a conversation --------------------------------------------------------------------------

    @GetMapping("/conversations/{id}")
    String conversation(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String cursor,
            Model model) {
        ConversationView conversation = messaging.conversation(me.id(), id);
        if (conversation.unreadCount() > 0 && cursor == null) {
            conversation = messaging.markRead(me.id(), id);
        }
        return conversationPage(model, me, conversation, cursor, "", FormErrors.none(), null);
    }

    private String conversationPage(
            Model model,
            SignedInMember me,
            ConversationView conversation,
            @Nullable String cursor,
            String text,
            FormErrors errors,
            @Nullable String refusal) {
        MessagePage history = messaging.messages(me.id(), conversation.id(), cursor, HISTORY_PAGE);
        model.addAttribute("conversation", conversation);
        model.addAttribute("messages", chronological(history.items()));
        model.addAttribute("olderCursor", history.nextCursor());
        model.addAttribute("window", cursor != null);
        model.addAttribute("tab", UUID.randomUUID().toString());
        model.addAttribute("text", text);
        model.addAttribute("errors", errors);
        model.addAttribute("refusal", refusal);
        model.addAttribute("seen", lastSeen(conversation, history.items()));
        return "messaging/conversation";
    }

    /** Older messages, for the "load older" link: they go above the ones shown. */
    @GetMapping("/conversations/{id}/older")
    String older(SignedInMember me, @PathVariable UUID id, @RequestParam String cursor, Model model) {
        ConversationView conversation = messaging.conversation(me.id(), id);
        MessagePage history = messaging.messages(me.id(), id, cursor, HISTORY_PAGE);
        model.addAttribute("conversation", conversation);
        model.addAttribute("messages", chronological(history.items()));
        model.addAttribute("olderCursor", history.nextCursor());
        return "messaging/older";
    }

    /** One message, as the live feed asks for it; the reader has now seen it. */
    @GetMapping("/conversations/{id}/messages/{messageId}")
    String message(SignedInMember me, @PathVariable UUID id, @PathVariable UUID messageId, Model model) {
        MessageView message = messaging.message(me.id(), id, messageId);
        ConversationView conversation = messaging.conversation(me.id(), id);
        if (!message.sentBy(me.id()) && conversation.unreadCount() > 0) {
            conversation = messaging.markRead(me.id(), id);
        }
        model.addAttribute("conversation", conversation);
        model.addAttribute("m", message);
        return "messaging/message";
    }

    /** The "seen" line under the member's last message, refreshed when the other side reads. */
    @GetMapping("/conversations/{id}/seen")
    String seen(SignedInMember me, @PathVariable UUID id, Model model) {
        ConversationView conversation = messaging.conversation(me.id(), id);
        MessagePage latest = messaging.messages(me.id(), id, null, 1);
        model.addAttribute("conversation", conversation);
        model.addAttribute("seen", lastSeen(conversation, latest.items()));
        return "messaging/seen";
    }

    @GetMapping("/conversations/{id}/events")
    SseEmitter events(
            SignedInMember me, @PathVariable UUID id, @RequestParam String tab, HttpServletResponse response) {
        messaging.conversation(me.id(), id);
        if (!TAB.matcher(tab).matches()) {
            throw Refusal.notFound("messaging.conversation.notFound");
        }
        // a buffering proxy would hold the events back
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        return feed.subscribe(id, me.id(), tab);
    }

    @PostMapping("/conversations/{id}/messages")
    String send(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String text,
            @RequestParam(required = false) @Nullable String tab,
            Model model,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response) {
        boolean htmx = "true".equals(request.getHeader("HX-Request"));
        String origin = tab != null && TAB.matcher(tab).matches() ? tab : null;
        ConversationView conversation = messaging.conversation(me.id(), id);
        MessageView sent;
        try {
            sent = messaging.send(me.id(), id, text, origin);
        } catch (InvalidInput invalid) {
            return refused(
                    model,
                    me,
                    conversation,
                    text,
                    FormErrors.of(invalid, messages, locale),
                    null,
                    400,
                    htmx,
                    origin,
                    response);
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            if (refusal.retryAfter() != null) {
                response.setHeader(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(Math.max(1, refusal.retryAfter().toSeconds())));
            }
            String reason = messages.getMessage(refusal.code(), refusal.args(), refusal.code(), locale);
            return refused(
                    model,
                    me,
                    conversation,
                    text,
                    FormErrors.none(),
                    reason,
                    refusal.kind().status(),
                    htmx,
                    origin,
                    response);
        }
        if (!htmx) {
            return "redirect:/conversations/" + id + "#m-" + sent.id();
        }
        model.addAttribute("conversation", conversation);
        model.addAttribute("m", sent);
        model.addAttribute("tab", origin == null ? UUID.randomUUID().toString() : origin);
        return "messaging/sent";
    }

    private String refused(
            Model model,
            SignedInMember me,
            ConversationView conversation,
            String text,
            FormErrors errors,
            @Nullable String reason,
            int status,
            boolean htmx,
            @Nullable String tab,
            HttpServletResponse response) {
        if (htmx) {
            // htmx swaps only successful answers: the form with its error replaces itself
            response.setHeader("HX-Retarget", "#send-form");
            response.setHeader("HX-Reswap", "outerHTML");
            model.addAttribute("conversation", conversation);
            model.addAttribute("tab", tab == null ? UUID.randomUUID().toString() : tab);
            model.addAttribute("text", text);
            model.addAttribute("errors", errors);
            model.addAttribute("refusal", reason);
            return "messaging/send-form";
        }
        response.setStatus(status);
        return conversationPage(model, me, conversation, null, text, errors, reason);
    }

    // --- safety ----------------------------------------------------------------------------------

    @PostMapping("/conversations/{id}/block")
    String block(SignedInMember me, @PathVariable UUID id, RedirectAttributes redirect) {
        ConversationView conversation = messaging.conversation(me.id(), id);
        messaging.block(me.id(), conversation.other().id());
        redirect.addFlashAttribute("notice", "messaging.blocked.done");
        return "redirect:/conversations/" + id;
    }

    @PostMapping("/conversations/{id}/unblock")
    String unblock(SignedInMember me, @PathVariable UUID id, RedirectAttributes redirect) {
        ConversationView conversation = messaging.conversation(me.id(), id);
        messaging.unblock(me.id(), conversation.other().id());
        redirect.addFlashAttribute("notice", "messaging.unblocked.done");
        return "redirect:/conversations/" + id;
    }

    @PostMapping("/conversations/{id}/report")
    String report(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String reason,
            Model model,
            Locale locale,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            messaging.report(me.id(), id, reason);
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            ConversationView conversation = messaging.conversation(me.id(), id);
            model.addAttribute("reportErrors", FormErrors.of(invalid, messages, locale));
            return conversationPage(model, me, conversation, null, "", FormErrors.none(), null);
        } catch (Refusal refusal) {
            if (refusal.kind() != Refusal.Kind.RATE_LIMITED) {
                throw refusal;
            }
            ConversationView conversation = messaging.conversation(me.id(), id);
            model.addAttribute("reportErrors", FormErrors.refused("reason", refusal, messages, locale, response));
            return conversationPage(model, me, conversation, null, "", FormErrors.none(), null);
        }
        redirect.addFlashAttribute("notice", "messaging.report.done");
        return "redirect:/conversations/" + id;
    }

    // --- helpers ---------------------------------------------------------------------------------

    static List<MessageView> chronological(List<MessageView> newestFirst) {
        List<MessageView> list = new ArrayList<>(newestFirst);
        Collections.reverse(list);
        return list;
    }

    /** The viewer's newest message if it is the conversation's newest and the other side has seen it. */
    private static @Nullable MessageView lastSeen(ConversationView conversation, List<MessageView> newestFirst) {
        if (newestFirst.isEmpty()) {
            return null;
        }
        MessageView newest = newestFirst.get(0);
        return newest.sentBy(conversation.viewerId()) && newest.seenAt() != null ? newest : null;
    }
}
