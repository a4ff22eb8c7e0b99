package dev.souk.notifications;

import java.util.Map;
import java.util.Optional;

/**
 * Which transitions of the built-in processes ({@code processes/*.yaml}) tell whom, under which
 * category and in which words. A transition that asks to tell (its actions include {@code notify})
 * but is not named here tells both parties in general words, under {@link Category#DEAL_UPDATED}, so
 * an operator's own process still reaches people. A failed payment is told by the payments module's
 * event, which also covers declined cards that leave the checkout open.
 */
final class TransactionRules {

    enum Recipients {
        CUSTOMER,
        PROVIDER,
        BOTH,
        /** The party who did not take the transition; both when the system or an operator took it. */
        OTHER
    }

    /**
     * @param text the texts under {@code notifications.text.<text>.<customer|provider>}
     */
    record Rule(Category category, String text, Recipients to) {}

    static final Rule GENERAL = new Rule(Category.DEAL_UPDATED, "deal-moved", Recipients.BOTH);

    private static final Rule SKIP = new Rule(Category.PAYMENT_FAILED, "", Recipients.BOTH);

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry(
                    "request-booking/paid",
                    new Rule(Category.BOOKING_REQUESTED, "booking-requested", Recipients.PROVIDER)),
            Map.entry(
                    "request-booking/accept",
                    new Rule(Category.BOOKING_ACCEPTED, "booking-accepted", Recipients.CUSTOMER)),
            Map.entry(
                    "request-booking/decline",
                    new Rule(Category.BOOKING_DECLINED, "booking-declined", Recipients.CUSTOMER)),
            Map.entry("request-booking/expire", new Rule(Category.BOOKING_EXPIRED, "booking-expired", Recipients.BOTH)),
            Map.entry(
                    "request-booking/cancel",
                    new Rule(Category.BOOKING_CANCELLED, "booking-cancelled", Recipients.BOTH)),
            Map.entry(
                    "request-booking/complete",
                    new Rule(Category.BOOKING_COMPLETED, "booking-completed", Recipients.BOTH)),
            Map.entry("request-booking/payment-failed", SKIP),
            Map.entry("instant-booking/paid", new Rule(Category.BOOKING_ACCEPTED, "booking-instant", Recipients.BOTH)),
            Map.entry(
                    "instant-booking/cancel",
                    new Rule(Category.BOOKING_CANCELLED, "booking-cancelled", Recipients.BOTH)),
            Map.entry(
                    "instant-booking/complete",
                    new Rule(Category.BOOKING_COMPLETED, "booking-completed", Recipients.BOTH)),
            Map.entry("instant-booking/payment-failed", SKIP),
            Map.entry("purchase/paid", new Rule(Category.PURCHASE_PAID, "purchase-paid", Recipients.BOTH)),
            Map.entry("purchase/ship", new Rule(Category.PURCHASE_SHIPPED, "purchase-shipped", Recipients.CUSTOMER)),
            Map.entry("purchase/cancel", new Rule(Category.PURCHASE_CANCELLED, "purchase-cancelled", Recipients.BOTH)),
            Map.entry(
                    "purchase/receive", new Rule(Category.PURCHASE_RECEIVED, "purchase-received", Recipients.PROVIDER)),
            Map.entry(
                    "purchase/auto-receive",
                    new Rule(Category.PURCHASE_RECEIVED, "purchase-auto-received", Recipients.BOTH)),
            Map.entry("purchase/dispute", new Rule(Category.DISPUTE_OPENED, "dispute-opened", Recipients.BOTH)),
            Map.entry("purchase/resolve", new Rule(Category.DISPUTE_RESOLVED, "dispute-resolved", Recipients.BOTH)),
            Map.entry("purchase/payment-failed", SKIP),
            Map.entry("inquiry/offer", new Rule(Category.OFFER_MADE, "offer-made", Recipients.CUSTOMER)),
            Map.entry("inquiry/withdraw", new Rule(Category.DEAL_UPDATED, "offer-withdrawn", Recipients.CUSTOMER)),
            Map.entry("inquiry/decline-offer", new Rule(Category.DEAL_UPDATED, "offer-declined", Recipients.PROVIDER)),
            Map.entry("inquiry/paid", new Rule(Category.OFFER_ACCEPTED, "offer-accepted", Recipients.BOTH)),
            Map.entry("inquiry/payment-failed", SKIP),
            Map.entry("inquiry/complete", new Rule(Category.DEAL_UPDATED, "deal-completed", Recipients.BOTH)),
            Map.entry("inquiry/auto-complete", new Rule(Category.DEAL_UPDATED, "deal-completed", Recipients.BOTH)),
            Map.entry("inquiry/cancel", new Rule(Category.DEAL_UPDATED, "deal-cancelled", Recipients.BOTH)),
            Map.entry("inquiry/close", new Rule(Category.DEAL_UPDATED, "inquiry-closed", Recipients.OTHER)));

    private TransactionRules() {}

    /** The rule for a transition that asks to tell; empty when another event tells of it. */
    static Optional<Rule> of(String process, String transition) {
        Rule rule = RULES.getOrDefault(process + "/" + transition, GENERAL);
        return rule == SKIP ? Optional.empty() : Optional.of(rule);
    }
}
