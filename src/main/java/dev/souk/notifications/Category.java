package dev.souk.notifications;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a notification is about. Each category can have its mail turned off by the member; the in-app
 * notification is always kept. Keys are stable: the API, the unsubscribe links and the stored
 * preferences name categories by them.
 */
public enum Category {
    BOOKING_REQUESTED("booking-requested", Section.BOOKINGS),
    BOOKING_ACCEPTED("booking-accepted", Section.BOOKINGS),
    BOOKING_DECLINED("booking-declined", Section.BOOKINGS),
    BOOKING_EXPIRED("booking-expired", Section.BOOKINGS),
    BOOKING_CANCELLED("booking-cancelled", Section.BOOKINGS),
    BOOKING_COMPLETED("booking-completed", Section.BOOKINGS),
    PURCHASE_PAID("purchase-paid", Section.PURCHASES),
    PURCHASE_SHIPPED("purchase-shipped", Section.PURCHASES),
    PURCHASE_RECEIVED("purchase-received", Section.PURCHASES),
    PURCHASE_CANCELLED("purchase-cancelled", Section.PURCHASES),
    DISPUTE_OPENED("dispute-opened", Section.PURCHASES),
    DISPUTE_RESOLVED("dispute-resolved", Section.PURCHASES),
    OFFER_MADE("offer-made", Section.INQUIRIES),
    OFFER_ACCEPTED("offer-accepted", Section.INQUIRIES),
    /** Every other step a process asks the parties to be told of, e.g. an inquiry closed or an offer withdrawn. */
    DEAL_UPDATED("deal-updated", Section.INQUIRIES),
    PAYMENT_FAILED("payment-failed", Section.PAYMENTS),
    PAYOUT_SENT("payout-sent", Section.PAYMENTS),
    REVIEW_WINDOW_OPENED("review-window-opened", Section.REVIEWS),
    REVIEW_REMINDER("review-reminder", Section.REVIEWS),
    REVIEW_PUBLISHED("review-published", Section.REVIEWS),
    REVIEW_HIDDEN("review-hidden", Section.REVIEWS),
    LISTING_APPROVED("listing-approved", Section.LISTINGS),
    LISTING_REJECTED("listing-rejected", Section.LISTINGS),
    /** New messages: mailed in batches by the messaging module, never an in-app notification. */
    MESSAGES("messages", Section.MESSAGES);

    public enum Section {
        BOOKINGS,
        PURCHASES,
        INQUIRIES,
        PAYMENTS,
        REVIEWS,
        LISTINGS,
        MESSAGES
    }

    private final String key;
    private final Section section;

    Category(String key, Section section) {
        this.key = key;
        this.section = section;
    }

    public String key() {
        return key;
    }

    public Section section() {
        return section;
    }

    public static Optional<Category> ofKey(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
    }
}
