package dev.souk.payments;

import dev.souk.shared.Money;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A card gateway that answers every call at once and moves no money, so that a load benchmark of
 * the payments module measures Souk and its database, not a processor. Exists only when {@code
 * souk.bench.instant-gateway=true}, a setting of the benchmark commands, never of an install that
 * takes payments; then it serves the card gateway in place of the card simulator (ordered first).
 * Its answers follow from what it is asked, so the same idempotency key always gets the same answer.
 */
@Component
@ConditionalOnBooleanProperty("souk.bench.instant-gateway")
@Order(Ordered.HIGHEST_PRECEDENCE)
class InstantGateway implements PaymentGateway {

    @Override
    public Gateway gateway() {
        return Gateway.CARD_SIMULATOR;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public Outcome authorize(Authorization request) {
        return new Succeeded("instant-" + request.paymentId());
    }

    @Override
    public Outcome capture(String reference, Money amount, String idempotencyKey) {
        return new Succeeded(reference);
    }

    @Override
    public Outcome cancel(String reference, String idempotencyKey) {
        return new Succeeded(reference);
    }

    @Override
    public Outcome refund(String reference, Money amount, String idempotencyKey) {
        return new Succeeded("refund-" + idempotencyKey);
    }

    @Override
    public Outcome payout(Payout request) {
        return new Succeeded("payout-" + request.idempotencyKey());
    }

    @Override
    public WebhookEvent verify(Map<String, String> headers, byte[] body) {
        throw new BadSignature("the instant gateway sends no webhooks");
    }
}
