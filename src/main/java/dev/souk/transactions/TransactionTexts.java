package dev.souk.transactions;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.context.MessageSource;

/** The words for what transactions show, shared by pages and the API. */
final class TransactionTexts {

    private TransactionTexts() {}

    /** The cancellation terms, as the customer reads them before confirming. */
    static String terms(Quote.Cancellation terms, ZoneId zone, MessageSource messages, Locale locale) {
        if (terms.refundableUntil() == null) {
            return messages.getMessage("transactions.terms." + terms.policy(), null, locale);
        }
        // in the listing's time zone, named: the customer may be elsewhere
        String until = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm z", locale)
                .format(terms.refundableUntil().atZone(zone));
        return messages.getMessage(
                "transactions.terms." + terms.policy(), new Object[] {until, terms.refundPercent()}, locale);
    }
}
