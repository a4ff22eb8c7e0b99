package dev.souk.marketplace.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.marketplace.CustomField.Choice;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormInputTest {

    @Test
    void currenciesAreIsoCodesSeparatedByCommasOrSpaces() {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(FormInput.currencies("currencies", " eur, USD  gbp,EUR ", problems))
                .containsExactly(Currency.getInstance("EUR"), Currency.getInstance("USD"), Currency.getInstance("GBP"));
        assertThat(problems).isEmpty();

        assertThat(FormInput.currencies("currencies", "EUR, XYZ, XAU", problems))
                .containsExactly(Currency.getInstance("EUR"));
        assertThat(problems).extracting(p -> p.args()[0]).containsExactly("XYZ", "XAU");
    }

    @Test
    void amountsAreReadInMinorUnitsOfTheCurrency() {
        List<FieldProblem> problems = new ArrayList<>();
        Currency euro = Currency.getInstance("EUR");
        Currency yen = Currency.getInstance("JPY");
        assertThat(FormInput.minorUnits("m", "1.50", euro, problems)).isEqualTo(150);
        assertThat(FormInput.minorUnits("m", "2", euro, problems)).isEqualTo(200);
        assertThat(FormInput.minorUnits("m", "150", yen, problems)).isEqualTo(150);
        assertThat(problems).isEmpty();
        FormInput.minorUnits("m", "1.505", euro, problems);
        FormInput.minorUnits("m", "1.5", yen, problems);
        FormInput.minorUnits("m", "a lot", euro, problems);
        assertThat(problems)
                .extracting(FieldProblem::code)
                .containsExactly(
                        "marketplace.amount.decimals", "marketplace.amount.decimals", "marketplace.number.invalid");
        assertThat(FormInput.amount(150, euro)).isEqualTo("1.50");
        assertThat(FormInput.amount(150, yen)).isEqualTo("150");
    }

    @Test
    void choicesAreLinesOfKeyAndLabel() {
        assertThat(FormInput.choices("wifi | Wi-Fi\r\n\n  kitchen|Kitchen \nparking\n"))
                .containsExactly(
                        new Choice("wifi", "Wi-Fi"),
                        new Choice("kitchen", "Kitchen"),
                        new Choice("parking", "parking"));
        assertThat(FormInput.choices(FormInput.choicesText(List.of(new Choice("a", "A b")))))
                .containsExactly(new Choice("a", "A b"));
    }

    @Test
    void checkboxKeysComeRepeatedOrCommaSeparated() {
        assertThat(FormInput.keys(List.of("stays", "tools,lessons", "", " stays ")))
                .containsExactly("stays", "tools", "lessons");
    }

    @Test
    void theSettingsFormNamesEveryUnreadableField() {
        var form = new SettingsForm("Souk", "", "EURO", "EUR", "Mars/Olympus", false, "ten", "1", "");
        assertThatThrownBy(form::parse)
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactly("defaultCurrency", "timeZone", "providerPercent", "customerPercent"));
    }

    @Test
    void aValidSettingsFormGivesSettingsAndACommissionInTheDefaultCurrency() {
        var parsed =
                new SettingsForm("Souk", "d", "gbp", "EUR, GBP", "Europe/London", true, "12.5", "0.99", "2").parse();
        assertThat(parsed.settings().defaultCurrency().getCurrencyCode()).isEqualTo("GBP");
        assertThat(parsed.settings().approvalRequired()).isTrue();
        assertThat(parsed.commission().providerMinimum().amount()).isEqualTo(99);
        assertThat(parsed.commission().providerMinimum().currency().getCurrencyCode())
                .isEqualTo("GBP");
    }
}
