package dev.souk.payments;

import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Text;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The card form of the simulator's checkout, as posted. Each field is bounded before it is parsed;
 * {@link #check} turns it into a {@link Card}, which keeps only what a processor may keep of a card.
 */
record CardForm(String number, String expiry, String cvc, String name) {

    /** 19 digits with a separator between each group of four, and some room for stray spaces. */
    static final int NUMBER_MAX = 30;

    static final int EXPIRY_MAX = 10;
    static final int CVC_MAX = 10;
    static final int NAME_MAX = 100;

    private static final Pattern EXPIRY = Pattern.compile("(\\d{1,2}) ?/ ?(\\d{2})");
    private static final Pattern CVC = Pattern.compile("\\d{3,4}");

    /** What is kept of a card: its brand and last four digits, and how the simulator answers it. */
    record Card(String brand, String last4, @Nullable TestCard test) {}

    static CardForm empty() {
        return new CardForm("", "", "", "");
    }

    /** The form shown again after the card was refused: a new card starts with a blank number and code. */
    CardForm withoutCard() {
        return new CardForm("", expiry, "", name);
    }

    /** The fields as the form shows them again; a value longer than its field takes is not echoed back. */
    Map<String, String> shown() {
        return Map.of(
                "number", within(number, NUMBER_MAX),
                "expiry", within(expiry, EXPIRY_MAX),
                "cvc", within(cvc, CVC_MAX),
                "name", within(name, NAME_MAX));
    }

    private static String within(String value, int max) {
        return value.length() > max ? "" : value;
    }

    /** @param thisMonth the month it is now: a card is valid to the end of its expiry month */
    Card check(YearMonth thisMonth) {
        List<FieldProblem> problems = new ArrayList<>();
        String digits = digits(problems);
        checkExpiry(thisMonth, problems);
        if (cvc.length() > CVC_MAX) {
            problems.add(new FieldProblem("cvc", "payments.simulator.card.cvc.invalid"));
        } else if (cvc.isBlank()) {
            problems.add(new FieldProblem("cvc", "payments.simulator.card.cvc.required"));
        } else if (!CVC.matcher(cvc.strip()).matches()) {
            problems.add(new FieldProblem("cvc", "payments.simulator.card.cvc.invalid"));
        }
        String holder = name.length() > NAME_MAX ? name : name.strip();
        if (holder.length() > NAME_MAX) {
            problems.add(new FieldProblem("name", "validation.length", 1, NAME_MAX));
        } else if (holder.isEmpty()) {
            problems.add(new FieldProblem("name", "payments.simulator.card.name.required"));
        } else if (!Text.oneLine(holder)) {
            problems.add(new FieldProblem("name", "validation.oneLine"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return new Card(
                brand(digits),
                digits.substring(digits.length() - 4),
                TestCard.of(digits).orElse(null));
    }

    /** The card number's digits: spaces and dashes between them are how people type it. */
    private String digits(List<FieldProblem> problems) {
        if (number.length() > NUMBER_MAX) {
            problems.add(new FieldProblem("number", "payments.simulator.card.number.invalid"));
            return "";
        }
        if (number.isBlank()) {
            problems.add(new FieldProblem("number", "payments.simulator.card.number.required"));
            return "";
        }
        String digits = number.strip().replace(" ", "").replace("-", "");
        if (digits.length() < 12 || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            problems.add(new FieldProblem("number", "payments.simulator.card.number.invalid"));
        } else if (!luhn(digits)) {
            problems.add(new FieldProblem("number", "payments.simulator.card.number.luhn"));
        }
        return digits;
    }

    private void checkExpiry(YearMonth thisMonth, List<FieldProblem> problems) {
        if (expiry.length() <= EXPIRY_MAX && expiry.isBlank()) {
            problems.add(new FieldProblem("expiry", "payments.simulator.card.expiry.required"));
            return;
        }
        Matcher matcher = EXPIRY.matcher(expiry.length() > EXPIRY_MAX ? "" : expiry.strip());
        YearMonth until = null;
        if (matcher.matches()) {
            try {
                until = YearMonth.of(2000 + Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(1)));
            } catch (DateTimeException e) {
                // month 0 or 13 and up: the same answer as any other malformed date
            }
        }
        if (until == null) {
            problems.add(new FieldProblem("expiry", "payments.simulator.card.expiry.invalid"));
        } else if (until.isBefore(thisMonth)) {
            problems.add(new FieldProblem("expiry", "payments.simulator.card.expiry.past"));
        }
    }

    /** The check digit every card number carries, which catches most typing mistakes. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** The card network, by the number's first digits; a message key names it on pages. */
    static String brand(String digits) {
        int two = Integer.parseInt(digits.substring(0, 2));
        int four = Integer.parseInt(digits.substring(0, 4));
        if (digits.startsWith("4")) {
            return "visa";
        }
        if (two >= 51 && two <= 55 || four >= 2221 && four <= 2720) {
            return "mastercard";
        }
        if (two == 34 || two == 37) {
            return "amex";
        }
        if (four == 6011 || two == 65) {
            return "discover";
        }
        return "card";
    }
}
