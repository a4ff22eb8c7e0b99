package dev.souk.payments;

import dev.souk.shared.Money;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Direct payment: no money passes through the marketplace. The customer pays the provider as they
 * agreed (cash, bank transfer); every call is answered at once and moves nothing. The ledger then
 * records only the commission the provider owes once they mark the money received.
 */
@Component
class DirectGateway implements PaymentGateway {

    @Override
    public Gateway gateway() {
        return Gateway.DIRECT;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public Outcome authorize(Authorization request) {
        return new Succeeded("direct-" + request.paymentId());
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
        return new Declined("direct_refund");
    }

    @Override
    public Outcome payout(Payout request) {
        return new Declined("direct_payout");
    }

    @Override
    public WebhookEvent verify(Map<String, String> headers, byte[] body) {
        throw new BadSignature("direct payments have no webhooks");
    }
}
