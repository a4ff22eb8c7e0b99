package dev.souk.transactions;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a customer asks for, as typed: dates ({@code 2027-03-01}) for nightly and daily listings,
 * local date-times ({@code 2027-03-01T10:00}) for hourly ones, a quantity for purchases.
 */
public record BookingRequest(
        UUID listingId,
        @Nullable String start,
        @Nullable String end,
        @Nullable Integer seats,
        @Nullable Integer quantity,
        @Nullable String message) {}
