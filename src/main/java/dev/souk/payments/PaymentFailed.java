package dev.souk.payments;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The gateway refused the customer's payment, e.g. a declined card; the customer may try again. */
public record PaymentFailed(UUID paymentId, @Nullable UUID reference, UUID customerId, String failureCode) {}
