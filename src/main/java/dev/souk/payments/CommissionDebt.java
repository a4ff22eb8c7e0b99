package dev.souk.payments;

import dev.souk.shared.Money;
import java.util.UUID;

/** Commission a provider owes the marketplace on direct payments. */
public record CommissionDebt(UUID providerId, Money owed) {}
