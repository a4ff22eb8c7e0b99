package dev.souk.payments;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A payment event: in a direct payment, the provider says the customer's money arrived. */
public record PaymentReceived(UUID paymentId, @Nullable UUID reference, UUID customerId, UUID providerId) {}
