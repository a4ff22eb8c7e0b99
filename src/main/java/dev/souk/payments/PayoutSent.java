package dev.souk.payments;

import dev.souk.shared.Money;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The provider's share of a payment reached the provider's account. */
public record PayoutSent(UUID paymentId, @Nullable UUID reference, UUID providerId, Money amount) {}
