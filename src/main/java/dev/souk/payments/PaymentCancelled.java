package dev.souk.payments;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A payment event: the hold was released before anything was captured. */
public record PaymentCancelled(UUID paymentId, @Nullable UUID reference, UUID customerId, UUID providerId) {}
