package dev.souk.payments;

import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The card simulator's test cards, as a real processor's test mode has them: each number makes the
 * payment go one way. Any other valid card number is authorized.
 */
enum TestCard {
    SUCCEEDS("4242424242424242", null, false),
    DECLINED("4000000000000002", "card_declined", false),
    INSUFFICIENT_FUNDS("4000000000009995", "insufficient_funds", false),
    /** Asks for 3-D Secure, which the customer completes or fails on the simulator's own page. */
    AUTHENTICATION("4000002760003184", null, true);

    private final String number;
    private final @Nullable String declineCode;
    private final boolean authenticates;

    TestCard(String number, @Nullable String declineCode, boolean authenticates) {
        this.number = number;
        this.declineCode = declineCode;
        this.authenticates = authenticates;
    }

    static Optional<TestCard> of(String digits) {
        return Arrays.stream(values()).filter(c -> c.number.equals(digits)).findFirst();
    }

    /** Why the card is refused, or null if it isn't. */
    @Nullable
    String declineCode() {
        return declineCode;
    }

    boolean authenticates() {
        return authenticates;
    }

    /** The number as printed on a card, in groups of four. */
    String printed() {
        return number.replaceAll("(\\d{4})(?!$)", "$1 ");
    }

    String messageKey() {
        return switch (this) {
            case SUCCEEDS -> "payments.simulator.testCards.succeeds";
            case DECLINED -> "payments.simulator.testCards.declined";
            case INSUFFICIENT_FUNDS -> "payments.simulator.testCards.insufficientFunds";
            case AUTHENTICATION -> "payments.simulator.testCards.authentication";
        };
    }
}
