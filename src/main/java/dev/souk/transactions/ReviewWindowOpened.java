package dev.souk.transactions;

import java.time.Instant;
import java.util.UUID;

/** A booking or an order is complete: its customer and provider may now review each other. */
public record ReviewWindowOpened(UUID transactionId, UUID listingId, UUID customerId, UUID providerId, Instant at) {}
