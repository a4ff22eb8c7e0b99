package dev.souk.notifications;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberProfile;
import dev.souk.listings.ListingApproved;
import dev.souk.listings.ListingRejected;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.payments.PaymentFailed;
import dev.souk.payments.PayoutSent;
import dev.souk.reviews.ReviewHidden;
import dev.souk.reviews.ReviewPublished;
import dev.souk.reviews.ReviewReminderDue;
import dev.souk.shared.Money;
import dev.souk.shared.PageContext;
import dev.souk.transactions.ReviewWindowOpened;
import dev.souk.transactions.TransactionMoved;
import dev.souk.transactions.TransactionView;
import dev.souk.transactions.Transactions;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns the other modules' events into notices for the members concerned. Each listener runs after
 * the publishing transaction commits, in a transaction of its own, and is retried from the event
 * publication registry until it succeeds; {@link Notifications#tell} makes a repeat harmless.
 */
@Component
class NotificationListeners {

    private static final Locale LANGUAGE = Locale.ENGLISH;

    private final Notifications notifications;
    private final Transactions transactions;
    private final Accounts accounts;
    private final Listings listings;
    private final Marketplace marketplace;
    private final MessageSource messages;

    NotificationListeners(
            Notifications notifications,
            Transactions transactions,
            Accounts accounts,
            Listings listings,
            Marketplace marketplace,
            MessageSource messages) {
        this.notifications = notifications;
        this.transactions = transactions;
        this.accounts = accounts;
        this.listings = listings;
        this.marketplace = marketplace;
        this.messages = messages;
    }

    // --- transactions ----------------------------------------------------------------------------

    @ApplicationModuleListener
    void on(TransactionMoved event) {
        if (!event.tell()) {
            return;
        }
        TransactionRules.of(event.process(), event.transition()).ifPresent(rule -> {
            TransactionView deal = transactions.transaction(event.customerId(), false, event.transactionId());
            String refund = event.refund() == null || event.refund() <= 0 || deal.quote() == null
                    ? null
                    : PageContext.money(
                            new Money(
                                    event.refund(), deal.quote().customerTotal().currency()),
                            LANGUAGE);
            String source = "transaction:" + event.transactionId() + ":" + event.transition() + ":" + event.at();
            String link = "/transactions/" + event.transactionId();
            boolean customer = rule.to() == TransactionRules.Recipients.CUSTOMER
                    || rule.to() == TransactionRules.Recipients.BOTH
                    || (rule.to() == TransactionRules.Recipients.OTHER && !"customer".equals(event.by()));
            boolean provider = rule.to() == TransactionRules.Recipients.PROVIDER
                    || rule.to() == TransactionRules.Recipients.BOTH
                    || (rule.to() == TransactionRules.Recipients.OTHER && !"provider".equals(event.by()));
            if (customer) {
                notifications.tell(new Notice(
                        event.customerId(),
                        rule.category(),
                        source,
                        withRefund(rule.text() + ".customer", refund),
                        args(deal.listingTitle(), name(event.providerId()), refund, deal.state()),
                        link));
            }
            if (provider) {
                notifications.tell(new Notice(
                        event.providerId(),
                        rule.category(),
                        source,
                        withRefund(rule.text() + ".provider", refund),
                        args(deal.listingTitle(), name(event.customerId()), refund, deal.state()),
                        link));
            }
        });
    }

    /** The words that name the refund, where there are such words and a refund. */
    private String withRefund(String text, @Nullable String refund) {
        boolean worded =
                messages.getMessage("notifications.text." + text + ".refund.title", null, null, LANGUAGE) != null;
        return refund != null && worded ? text + ".refund" : text;
    }

    @ApplicationModuleListener
    void on(ReviewWindowOpened event) {
        String title = listingTitle(event.customerId(), event.transactionId());
        String source = "review-window:" + event.transactionId();
        String link = "/transactions/" + event.transactionId() + "/review";
        notifications.tell(new Notice(
                event.customerId(),
                Category.REVIEW_WINDOW_OPENED,
                source,
                "review-window-opened.member",
                args(title, name(event.providerId())),
                link));
        notifications.tell(new Notice(
                event.providerId(),
                Category.REVIEW_WINDOW_OPENED,
                source,
                "review-window-opened.member",
                args(title, name(event.customerId())),
                link));
    }

    // --- payments --------------------------------------------------------------------------------

    @ApplicationModuleListener
    void on(PaymentFailed event) {
        // a payment's reference is its caller's; only the transactions module knows if it is a deal
        Optional<UUID> deal = transactions.byPayment(event.paymentId());
        notifications.tell(new Notice(
                event.customerId(),
                Category.PAYMENT_FAILED,
                // a declined card may be followed by another: each new reason is news, a repeat is not
                "payment-failed:" + event.paymentId() + ":" + event.failureCode(),
                deal.isPresent() ? "payment-failed.deal" : "payment-failed.member",
                args(deal.map(id -> listingTitle(event.customerId(), id)).orElse("")),
                deal.map(id -> "/transactions/" + id).orElse("/account/payments")));
    }

    @ApplicationModuleListener
    void on(PayoutSent event) {
        Optional<UUID> deal = transactions.byPayment(event.paymentId());
        notifications.tell(new Notice(
                event.providerId(),
                Category.PAYOUT_SENT,
                "payout:" + event.paymentId(),
                deal.isPresent() ? "payout-sent.deal" : "payout-sent.member",
                args(
                        PageContext.money(event.amount(), LANGUAGE),
                        deal.map(id -> listingTitle(event.providerId(), id)).orElse("")),
                "/account/payouts"));
    }

    // --- reviews ---------------------------------------------------------------------------------

    @ApplicationModuleListener
    void on(ReviewReminderDue event) {
        String closes = DateTimeFormatter.ofPattern("EEE d MMM yyyy", LANGUAGE)
                .withZone(marketplace.settings().timeZone())
                .format(event.closesAt());
        notifications.tell(new Notice(
                event.memberId(),
                Category.REVIEW_REMINDER,
                "review-reminder:" + event.transactionId() + ":" + event.memberId() + ":" + event.day(),
                "review-reminder.member",
                args(listingTitle(event.memberId(), event.transactionId()), name(event.otherId()), closes),
                "/transactions/" + event.transactionId() + "/review"));
    }

    @ApplicationModuleListener
    void on(ReviewPublished event) {
        notifications.tell(new Notice(
                event.subjectId(),
                Category.REVIEW_PUBLISHED,
                "review-published:" + event.reviewId(),
                "review-published.member",
                args(listingTitle(event.subjectId(), event.transactionId()), name(event.authorId()), event.rating()),
                "/transactions/" + event.transactionId() + "/review"));
    }

    @ApplicationModuleListener
    void on(ReviewHidden event) {
        notifications.tell(new Notice(
                event.authorId(),
                Category.REVIEW_HIDDEN,
                "review-hidden:" + event.reviewId() + ":" + event.at(),
                "review-hidden.member",
                args(listingTitle(event.authorId(), event.transactionId()), event.reason()),
                "/transactions/" + event.transactionId() + "/review"));
    }

    // --- listings --------------------------------------------------------------------------------

    @ApplicationModuleListener
    void on(ListingApproved event) {
        notifications.tell(new Notice(
                event.ownerId(),
                Category.LISTING_APPROVED,
                "listing-approved:" + event.listingId() + ":" + event.at(),
                "listing-approved.member",
                args(title(event.listingId(), event.ownerId())),
                "/listings/" + event.listingId()));
    }

    @ApplicationModuleListener
    void on(ListingRejected event) {
        notifications.tell(new Notice(
                event.ownerId(),
                Category.LISTING_REJECTED,
                "listing-rejected:" + event.listingId() + ":" + event.at(),
                "listing-rejected.member",
                args(title(event.listingId(), event.ownerId()), event.reason()),
                "/listings/" + event.listingId() + "/edit"));
    }

    // --- words -----------------------------------------------------------------------------------

    private String listingTitle(UUID party, UUID transactionId) {
        return transactions.transaction(party, false, transactionId).listingTitle();
    }

    private String title(UUID listingId, UUID ownerId) {
        return listings.find(listingId, ownerId, false).map(ListingView::title).orElse("");
    }

    private String name(UUID memberId) {
        return accounts.profile(memberId)
                .filter(p -> !p.deleted())
                .map(MemberProfile::displayName)
                .orElseGet(() -> messages.getMessage("notifications.formerMember", null, LANGUAGE));
    }

    private static List<Object> args(@Nullable Object... values) {
        return Arrays.stream(values).map(v -> v == null ? "" : v).toList();
    }
}
