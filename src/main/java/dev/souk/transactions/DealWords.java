package dev.souk.transactions;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberProfile;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import dev.souk.transactions.pages.DealText;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The words the deal pages share: refusals and problems as sentences (the days and hours taken as
 * people read dates), a quote's cancellation terms, and a party's name.
 */
@Component
class DealWords {

    private final Accounts accounts;
    private final MessageSource messages;

    DealWords(Accounts accounts, MessageSource messages) {
        this.accounts = accounts;
        this.messages = messages;
    }

    @Nullable
    String terms(Quote quote, Locale locale) {
        return TransactionTexts.terms(quote.cancellation(), quote.timeZone(), messages, locale);
    }

    String name(UUID memberId) {
        return accounts.profile(memberId)
                .filter(p -> !p.deleted())
                .map(MemberProfile::displayName)
                .orElseGet(() -> messages.getMessage("transactions.party.gone", null, LocaleContextHolder.getLocale()));
    }

    List<String> worded(Refusal refusal, Locale locale) {
        if (refusal.problems().isEmpty()) {
            return List.of(messages.getMessage(refusal.code(), refusal.args(), refusal.code(), locale));
        }
        List<String> worded = new ArrayList<>();
        if (refusal.code().equals("transactions.dates.taken")) {
            worded.add(messages.getMessage(refusal.code(), null, locale));
        }
        worded.addAll(worded(refusal.problems(), locale));
        return worded;
    }

    /** Problems as sentences; the days and hours taken in one, as people read dates. */
    List<String> worded(List<FieldProblem> problems, Locale locale) {
        List<String> worded = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        for (FieldProblem p : problems) {
            if ((p.code().equals("transactions.day.taken") || p.code().equals("transactions.hour.taken"))
                    && p.args().length == 1) {
                taken.add(readable(String.valueOf(p.args()[0]), locale));
            } else {
                worded.add(messages.getMessage(p.code(), p.args(), p.code(), locale));
            }
        }
        if (!taken.isEmpty()) {
            worded.add(messages.getMessage("transactions.taken.list", new Object[] {String.join(", ", taken)}, locale));
        }
        return worded.stream().distinct().toList();
    }

    /** A day ({@code 2027-03-12}) or an hour ({@code 2027-03-12T10:00}) of the facade's, as people read it. */
    private static String readable(String isoDayOrHour, Locale locale) {
        try {
            if (isoDayOrHour.length() == 10) {
                return DealText.day(locale, LocalDate.parse(isoDayOrHour));
            }
            return DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", locale)
                    .format(LocalDateTime.parse(isoDayOrHour));
        } catch (DateTimeParseException e) {
            return isoDayOrHour;
        }
    }
}
