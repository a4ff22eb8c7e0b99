package dev.souk.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.shared.InvalidInput.FieldProblem;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldRulesTest {

    @Test
    void onlyTextIsSearchable() {
        assertThat(problems(field(FieldType.TEXT, true, false, List.of()))).isEmpty();
        assertThat(problems(field(FieldType.LONG_TEXT, true, false, List.of()))).isEmpty();
        for (FieldType type : List.of(FieldType.NUMBER, FieldType.BOOLEAN, FieldType.DATE)) {
            assertThat(problems(field(type, true, false, List.of()))).containsExactly("searchable");
        }
    }

    @Test
    void onlyChoicesNumbersAndYesNoAreFilterable() {
        assertThat(problems(field(FieldType.NUMBER, false, true, List.of()))).isEmpty();
        assertThat(problems(field(FieldType.BOOLEAN, false, true, List.of()))).isEmpty();
        assertThat(problems(field(FieldType.CHOICE, false, true, List.of(new CustomField.Choice("a", "A")))))
                .isEmpty();
        for (FieldType type : List.of(FieldType.TEXT, FieldType.LONG_TEXT, FieldType.DATE)) {
            assertThat(problems(field(type, false, true, List.of()))).containsExactly("filterable");
        }
    }

    @Test
    void choicesNeedValidUniqueKeysAndLabels() {
        var choices = List.of(
                new CustomField.Choice("ok", "Fine"),
                new CustomField.Choice("ok", "Again"),
                new CustomField.Choice("Bad Key", "Bad"),
                new CustomField.Choice("empty", ""));
        assertThat(FieldRules.problems(FieldRules.normalized(field(FieldType.MULTI_CHOICE, false, false, choices))))
                .extracting(FieldProblem::code)
                .containsExactly(
                        "marketplace.field.choiceTwice",
                        "marketplace.field.choiceKey",
                        "marketplace.field.choiceLabel");
        assertThat(problems(field(FieldType.CHOICE, false, false, List.of()))).containsExactly("choices");
    }

    @Test
    void whatTheTypeDoesNotUseIsDropped() {
        var text = new CustomField(
                "notes",
                " Notes ",
                FieldType.TEXT,
                Set.of(),
                Set.of(),
                false,
                false,
                false,
                List.of(new CustomField.Choice("a", "A")),
                BigDecimal.ONE,
                BigDecimal.TEN,
                "m",
                0);
        CustomField normalized = FieldRules.normalized(text);
        assertThat(normalized.label()).isEqualTo("Notes");
        assertThat(normalized.choices()).isEmpty();
        assertThat(normalized.min()).isNull();
        assertThat(normalized.max()).isNull();
        assertThat(normalized.unit()).isNull();

        var number = new CustomField(
                "size",
                "Size",
                FieldType.NUMBER,
                Set.of(),
                Set.of(),
                false,
                false,
                false,
                List.of(),
                BigDecimal.TEN,
                BigDecimal.ONE,
                "  ",
                0);
        assertThat(FieldRules.normalized(number).unit()).isNull();
        assertThat(problems(number)).containsExactly("min");
    }

    @Test
    void percentagesAreZeroToHundredWithTwoDecimals() {
        assertThat(Marketplace.percentage(new BigDecimal("0"))).isTrue();
        assertThat(Marketplace.percentage(new BigDecimal("100.00"))).isTrue();
        assertThat(Marketplace.percentage(new BigDecimal("12.25"))).isTrue();
        assertThat(Marketplace.percentage(new BigDecimal("12.250"))).isTrue();
        assertThat(Marketplace.percentage(new BigDecimal("12.255"))).isFalse();
        assertThat(Marketplace.percentage(new BigDecimal("100.01"))).isFalse();
        assertThat(Marketplace.percentage(new BigDecimal("-1"))).isFalse();
    }

    private static List<String> problems(CustomField field) {
        return FieldRules.problems(FieldRules.normalized(field)).stream()
                .map(FieldProblem::field)
                .toList();
    }

    private static CustomField field(
            FieldType type, boolean searchable, boolean filterable, List<CustomField.Choice> choices) {
        return new CustomField(
                "f", "F", type, Set.of(), Set.of(), false, searchable, filterable, choices, null, null, null, 0);
    }
}
