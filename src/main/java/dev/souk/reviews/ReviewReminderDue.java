package dev.souk.reviews;

import java.time.Instant;
import java.util.UUID;

/**
 * A party to a completed transaction has not reviewed the other yet.
 *
 * @param day the day of the review window it is (3 or 10)
 * @param closesAt when the window closes
 */
public record ReviewReminderDue(UUID transactionId, UUID memberId, UUID otherId, int day, Instant closesAt) {}
