package dev.souk.transactions;

import java.time.LocalDate;
import java.util.UUID;

/** Seats of a listing were taken or freed on the days from {@code from} to {@code to} (inclusive). */
public record BookingsChanged(UUID listingId, LocalDate from, LocalDate to) {}
