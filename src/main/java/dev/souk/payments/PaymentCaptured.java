package dev.souk.payments;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A payment event: money was taken from the hold. */
public record PaymentCaptured(UUID paymentId, @Nullable UUID reference, UUID customerId, UUID providerId) {}
