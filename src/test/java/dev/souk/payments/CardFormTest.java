package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.souk.payments.CardForm.Card;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class CardFormTest {

    static final YearMonth NOW = YearMonth.of(2027, 3);

    @Test
    void keepsOnlyTheBrandAndTheLastFourDigits() {
        assertThat(check("4242 4242 4242 4242", "03/27", "123")).isEqualTo(new Card("visa", "4242", TestCard.SUCCEEDS));
        assertThat(check("5555555555554444", "3/27", "123")).isEqualTo(new Card("mastercard", "4444", null));
        assertThat(check("2223 0031 2200 3222", "12/40", "123").brand()).isEqualTo("mastercard");
        assertThat(check("3782 822463 10005", "12 / 30", "1234").brand()).isEqualTo("amex");
        assertThat(check("6011 1111 1111 1117", "12/30", "123").brand()).isEqualTo("discover");
        assertThat(check("3056 9309 0259 04", "12/30", "123").brand()).isEqualTo("card");
    }

    @Test
    void eachTestCardIsAValidNumberThatDoesWhatThePageSays() {
        for (TestCard card : TestCard.values()) {
            assertThat(check(card.printed(), "03/27", "123").test()).isEqualTo(card);
        }
        assertThat(TestCard.DECLINED.declineCode()).isEqualTo("card_declined");
        assertThat(TestCard.INSUFFICIENT_FUNDS.declineCode()).isEqualTo("insufficient_funds");
        assertThat(TestCard.AUTHENTICATION.authenticates()).isTrue();
        assertThat(TestCard.AUTHENTICATION.printed()).isEqualTo("4000 0027 6000 3184");
    }

    @Test
    void aCardIsValidToTheEndOfItsExpiryMonth() {
        assertThat(check("4242424242424242", "03/27", "123")).isNotNull();
        refused("4242424242424242", "02/27", "123", "expiry", "payments.simulator.card.expiry.past");
    }

    @Test
    void refusesWhatNoCardHas() {
        refused("4242424242424241", "03/27", "123", "number", "payments.simulator.card.number.luhn");
        refused("4242 4242 4242 424x", "03/27", "123", "number", "payments.simulator.card.number.invalid");
        refused("42424242424", "03/27", "123", "number", "payments.simulator.card.number.invalid");
        refused("4".repeat(31), "03/27", "123", "number", "payments.simulator.card.number.invalid");
        refused("4242424242424242", "00/30", "123", "expiry", "payments.simulator.card.expiry.invalid");
        refused("4242424242424242", "13/30", "123", "expiry", "payments.simulator.card.expiry.invalid");
        refused("4242424242424242", "03/2027", "123", "expiry", "payments.simulator.card.expiry.invalid");
        refused("4242424242424242", "03/27", "12", "cvc", "payments.simulator.card.cvc.invalid");
        refused("4242424242424242", "03/27", "12345", "cvc", "payments.simulator.card.cvc.invalid");
        refused("4242424242424242", "03/27", " ", "cvc", "payments.simulator.card.cvc.required");
    }

    private static Card check(String number, String expiry, String cvc) {
        return new CardForm(number, expiry, cvc, "Chris Customer").check(NOW);
    }

    private static void refused(String number, String expiry, String cvc, String field, String code) {
        assertThatThrownBy(() -> check(number, expiry, cvc))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        invalid -> assertThat(invalid.problems())
                                .extracting(FieldProblem::field, FieldProblem::code)
                                .containsExactly(tuple(field, code)));
    }
}
