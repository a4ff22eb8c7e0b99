package dev.souk.transactions;

import dev.souk.shared.Money;

/**
 * One line of a price.
 *
 * @param code {@code units}, {@code fee.<key>}, {@code commission.customer}, {@code commission.provider}
 * @param to who receives it: {@code provider} or {@code marketplace}
 * @param paidBy who pays it: {@code customer}, or {@code provider} for the commission taken from their share
 */
public record LineItem(
        String code, String label, long quantity, Money unitPrice, Money total, String to, String paidBy) {}
