package dev.souk.payments;

import dev.souk.shared.Money;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Part or all of a captured payment went back to the customer. */
public record PaymentRefunded(UUID paymentId, @Nullable UUID reference, UUID customerId, Money amount) {}
