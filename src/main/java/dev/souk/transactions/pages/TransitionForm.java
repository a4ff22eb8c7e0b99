package dev.souk.transactions.pages;

import dev.souk.shared.FormErrors;
import org.jspecify.annotations.Nullable;

/**
 * One transition the viewer may take, as its form on the transaction's page shows it.
 *
 * @param danger whether it ends or troubles the deal (decline, cancel, dispute): an outlined red button
 * @param message what was typed in its message field before a refusal; empty otherwise
 * @param refund what was typed in its refund field before a refusal; empty otherwise
 * @param errors its fields' errors after a refusal
 */
public record TransitionForm(
        String name,
        String label,
        @Nullable String help,
        boolean danger,
        boolean asksMessage,
        boolean asksRefund,
        String message,
        String refund,
        FormErrors errors) {}
