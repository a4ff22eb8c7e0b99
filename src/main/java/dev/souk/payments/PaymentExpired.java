package dev.souk.payments;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A payment event: the hold ran out before it was captured. */
public record PaymentExpired(UUID paymentId, @Nullable UUID reference, UUID customerId, UUID providerId) {}
