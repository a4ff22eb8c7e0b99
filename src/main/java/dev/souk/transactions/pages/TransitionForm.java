package dev.souk.transactions.pages;

import dev.souk.shared.FormErrors;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A form on a transaction's page: the fields some of the viewer's transitions ask for, typed once, and a
 * button for each of them.
 *
 * @param id what its fields' ids start with
 * @param message what was typed in its message field before a refusal; empty otherwise
 * @param refund what was typed in its refund field before a refusal; empty otherwise
 * @param price what was typed in its price field (an inquiry's offer) before a refusal; empty otherwise
 * @param errors its fields' errors after a refusal
 */
public record TransitionForm(
        String id,
        List<Button> buttons,
        boolean asksMessage,
        boolean asksRefund,
        boolean asksPrice,
        String message,
        String refund,
        String price,
        FormErrors errors) {

    public TransitionForm {
        buttons = List.copyOf(buttons);
    }

    /**
     * One transition's button.
     *
     * @param help what taking it does, said under the buttons
     * @param danger whether it ends or troubles the deal (decline, cancel, dispute): an outlined red button
     */
    public record Button(
            String name, String label, @Nullable String help, boolean danger) {}
}
