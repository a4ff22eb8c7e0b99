/**
 * Payments: money between members, through one {@link dev.souk.payments.PaymentGateway} port with
 * several adapters (direct payment between members, a built-in card simulator, Stripe Connect) and one
 * append-only double-entry ledger. A gateway call never runs inside a database transaction: the intent
 * is recorded, the gateway is called with an idempotency key, the outcome is recorded with its journal;
 * a recovery job finishes what a crash left in between. The facade {@link dev.souk.payments.Payments}
 * decides whether money may move; {@code MoneyMovements} moves it in those steps, {@code
 * PaymentWebhooks} applies gateways' events, {@code PayoutAccounts} keeps how providers are paid; {@code
 * PaymentStore} and {@code Ledger} read and write the payments' and the ledger's tables.
 */
@NullMarked
package dev.souk.payments;

import org.jspecify.annotations.NullMarked;
