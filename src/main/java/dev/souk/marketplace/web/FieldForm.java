package dev.souk.marketplace.web;

import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.FieldType;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A custom field as the operator typed it; choices one a line as {@code key | label}. */
public record FieldForm(
        String key,
        String label,
        String type,
        Set<String> listingTypes,
        Set<String> categories,
        boolean required,
        boolean searchable,
        boolean filterable,
        String choices,
        String min,
        String max,
        String unit,
        String position) {

    public static FieldForm empty() {
        return new FieldForm(
                "", "", FieldType.TEXT.key(), Set.of(), Set.of(), false, false, false, "", "", "", "", "0");
    }

    public static FieldForm of(CustomField field) {
        return new FieldForm(
                field.key(),
                field.label(),
                field.type().key(),
                field.listingTypes(),
                field.categories(),
                field.required(),
                field.searchable(),
                field.filterable(),
                FormInput.choicesText(field.choices()),
                FormInput.plain(field.min()),
                FormInput.plain(field.max()),
                field.unit() == null ? "" : field.unit(),
                String.valueOf(field.position()));
    }

    CustomField parse() {
        List<FieldProblem> problems = new ArrayList<>();
        FieldType fieldType = null;
        try {
            fieldType = FieldType.ofKey(type.strip());
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("type", "marketplace.field.typeUnknown"));
        }
        boolean number = fieldType == FieldType.NUMBER;
        // bounds of a type that has none are dropped, not read
        BigDecimal lowest = number ? FormInput.optionalDecimal("min", min, problems) : null;
        BigDecimal highest = number ? FormInput.optionalDecimal("max", max, problems) : null;
        int order = FormInput.position("position", position, problems);
        if (!problems.isEmpty() || fieldType == null) {
            throw new InvalidInput(problems);
        }
        return new CustomField(
                key.strip(),
                label,
                fieldType,
                listingTypes,
                categories,
                required,
                searchable,
                filterable,
                FormInput.choices(choices),
                lowest,
                highest,
                unit,
                order);
    }
}
