package dev.souk.payments;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A payment event: the hold for the amount is placed. */
public record PaymentAuthorized(UUID paymentId, @Nullable UUID reference, UUID customerId, UUID providerId) {}
