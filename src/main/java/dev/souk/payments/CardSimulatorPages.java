package dev.souk.payments;

import dev.souk.payments.CardForm.Card;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The card simulator's hosted checkout, as a processor's checkout page would be: the customer comes from
 * Souk with the payment's link, pays by card (with a simulated 3-D Secure step for the test card that
 * asks for it) and goes back to where Souk asked. Nobody needs to be signed in: the unguessable
 * reference in the link is what lets one pay. Works without JavaScript.
 */
@Controller
@RequestMapping(CardSimulator.CHECKOUT_PATH)
class CardSimulatorPages {

    private static final Pattern REFERENCE = Pattern.compile("sim_ch_[0-9a-f]{32}");

    /** The test cards as the page lists them: the printed number and what it does. */
    private static final Map<String, String> TEST_CARDS = new LinkedHashMap<>();

    static {
        for (TestCard card : TestCard.values()) {
            TEST_CARDS.put(card.printed(), card.messageKey());
        }
    }

    private final CardSimulator simulator;
    private final MessageSource messages;
    private final Clock clock;

    CardSimulatorPages(CardSimulator simulator, MessageSource messages, Clock clock) {
        this.simulator = simulator;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("{reference}")
    String checkout(@PathVariable String reference, Model model) {
        return checkoutPage(model, charge(reference), CardForm.empty(), FormErrors.none());
    }

    @PostMapping("{reference}")
    String pay(
            @PathVariable String reference,
            @RequestParam(defaultValue = "") String number,
            @RequestParam(defaultValue = "") String expiry,
            @RequestParam(defaultValue = "") String cvc,
            @RequestParam(defaultValue = "") String name,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        SimulatedCharge charge = charge(reference);
        CardForm form = new CardForm(number, expiry, cvc, name);
        if (!charge.status().payable()) {
            return after(charge, form, model, response);
        }
        Card card;
        try {
            card = form.check(YearMonth.now(clock));
        } catch (InvalidInput invalid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return checkoutPage(model, charge, form, FormErrors.of(invalid, messages, locale));
        }
        return after(simulator.pay(reference, card), form, model, response);
    }

    /** Where a card given leads: back to Souk, to 3-D Secure, or this page with the refusal (402) or the end (409). */
    private String after(SimulatedCharge charge, CardForm form, Model model, HttpServletResponse response) {
        switch (charge.status()) {
            case HELD, CAPTURED -> {
                return "redirect:" + charge.returnUrl();
            }
            case AUTHENTICATING -> {
                return "redirect:" + CardSimulator.CHECKOUT_PATH + charge.reference() + "/authenticate";
            }
            case OPEN -> {
                response.setStatus(HttpServletResponse.SC_PAYMENT_REQUIRED);
                return checkoutPage(model, charge, form.withoutCard(), FormErrors.none());
            }
            default -> {
                response.setStatus(HttpServletResponse.SC_CONFLICT);
                return checkoutPage(model, charge, CardForm.empty(), FormErrors.none());
            }
        }
    }

    @GetMapping("{reference}/authenticate")
    String authentication(@PathVariable String reference, Model model) {
        SimulatedCharge charge = charge(reference);
        if (charge.status() != SimulatedCharge.Status.AUTHENTICATING) {
            return "redirect:" + CardSimulator.CHECKOUT_PATH + reference;
        }
        model.addAttribute("reference", reference);
        model.addAttribute("amount", charge.amount());
        model.addAttribute("description", charge.description());
        model.addAttribute("brand", "payments.simulator.brand." + charge.cardBrand());
        model.addAttribute("last4", charge.cardLast4());
        return "payments/simulator-authenticate";
    }

    @PostMapping("{reference}/authenticate")
    String authenticate(@PathVariable String reference, @RequestParam(defaultValue = "") String result) {
        charge(reference);
        boolean completed;
        if ("complete".equals(result)) {
            completed = true;
        } else if ("fail".equals(result)) {
            completed = false;
        } else {
            throw InvalidInput.of("result", "payments.simulator.authenticate.result");
        }
        SimulatedCharge charge = simulator.authenticate(reference, completed);
        return charge.status() == SimulatedCharge.Status.HELD || charge.status() == SimulatedCharge.Status.CAPTURED
                ? "redirect:" + charge.returnUrl()
                : "redirect:" + CardSimulator.CHECKOUT_PATH + reference;
    }

    private SimulatedCharge charge(String reference) {
        if (!REFERENCE.matcher(reference).matches()) {
            throw Refusal.notFound("payments.simulator.notFound");
        }
        return simulator.charge(reference).orElseThrow(() -> Refusal.notFound("payments.simulator.notFound"));
    }

    private static String checkoutPage(Model model, SimulatedCharge charge, CardForm form, FormErrors errors) {
        model.addAttribute("reference", charge.reference());
        model.addAttribute("amount", charge.amount());
        model.addAttribute("description", charge.description());
        model.addAttribute("status", charge.status().dbValue());
        model.addAttribute("failure", charge.status().payable() ? charge.failureCode() : null);
        model.addAttribute(
                "brand", charge.cardBrand() == null ? null : "payments.simulator.brand." + charge.cardBrand());
        model.addAttribute("last4", charge.cardLast4());
        model.addAttribute("returnUrl", charge.returnUrl().toString());
        model.addAttribute("form", form.shown());
        model.addAttribute("errors", errors);
        model.addAttribute("testCards", TEST_CARDS);
        return "payments/simulator-checkout";
    }
}
