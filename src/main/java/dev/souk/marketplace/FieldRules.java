package dev.souk.marketplace;

import dev.souk.shared.Decimals;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What makes sense for each type of custom field: keyword search reads only text, filters only work
 * on values with a small, known set of outcomes (choices, numbers, yes/no), and choices, bounds and
 * units belong to the types that use them.
 */
final class FieldRules {

    static final int CHOICE_LABEL_MAX = 60;
    static final int UNIT_MAX = 20;

    private FieldRules() {}

    /**
     * The field without what its type doesn't use, so a form that still carries choices or bounds of
     * the type it had before doesn't store them; labels, unit stripped, a blank unit is none.
     */
    static CustomField normalized(CustomField field) {
        boolean number = field.type() == FieldType.NUMBER;
        String unit = number && field.unit() != null && !field.unit().isBlank()
                ? field.unit().strip()
                : null;
        return new CustomField(
                field.key(),
                field.label().strip(),
                field.type(),
                field.listingTypes(),
                field.categories(),
                field.required(),
                field.searchable(),
                field.filterable(),
                field.type().hasChoices()
                        ? field.choices().stream()
                                .map(c -> new CustomField.Choice(
                                        c.key().strip(), c.label().strip()))
                                .toList()
                        : List.of(),
                number ? field.min() : null,
                number ? field.max() : null,
                unit,
                field.position());
    }

    /** The problems of a normalized field that don't depend on the rest of the catalogue. */
    static List<FieldProblem> problems(CustomField field) {
        List<FieldProblem> problems = new ArrayList<>();
        if (field.searchable() && !field.type().searchable()) {
            problems.add(new FieldProblem("searchable", "marketplace.field.notSearchable"));
        }
        if (field.filterable() && !field.type().filterable()) {
            problems.add(new FieldProblem("filterable", "marketplace.field.notFilterable"));
        }
        if (field.type().hasChoices() && field.choices().isEmpty()) {
            problems.add(new FieldProblem("choices", "marketplace.field.choicesNeeded"));
        }
        Set<String> seen = new HashSet<>();
        for (CustomField.Choice choice : field.choices()) {
            if (!Marketplace.KEY.matcher(choice.key()).matches()) {
                problems.add(new FieldProblem("choices", "marketplace.field.choiceKey", choice.key()));
            } else if (!seen.add(choice.key())) {
                problems.add(new FieldProblem("choices", "marketplace.field.choiceTwice", choice.key()));
            }
            if (choice.label().isEmpty()
                    || choice.label().length() > CHOICE_LABEL_MAX
                    || !Text.oneLine(choice.label())) {
                problems.add(
                        new FieldProblem("choices", "marketplace.field.choiceLabel", choice.key(), CHOICE_LABEL_MAX));
            }
        }
        if (field.min() != null && !Decimals.within(field.min(), Decimals.INTEGER_DIGITS, Decimals.FRACTION_DIGITS)) {
            problems.add(new FieldProblem("min", "marketplace.number.invalid"));
        } else if (field.max() != null
                && !Decimals.within(field.max(), Decimals.INTEGER_DIGITS, Decimals.FRACTION_DIGITS)) {
            problems.add(new FieldProblem("max", "marketplace.number.invalid"));
        } else if (field.min() != null && field.max() != null && field.min().compareTo(field.max()) > 0) {
            problems.add(new FieldProblem("min", "marketplace.field.minAboveMax"));
        }
        if (field.unit() != null && field.unit().length() > UNIT_MAX) {
            problems.add(new FieldProblem("unit", "validation.length", 0, UNIT_MAX));
        } else if (field.unit() != null && !Text.oneLine(field.unit())) {
            problems.add(new FieldProblem("unit", "validation.oneLine"));
        }
        return problems;
    }
}
