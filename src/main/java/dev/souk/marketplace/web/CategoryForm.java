package dev.souk.marketplace.web;

import dev.souk.marketplace.Category;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A category as the operator typed it; a blank parent makes it top-level. */
public record CategoryForm(String key, String name, String parentKey, Set<String> listingTypes, String position) {

    public static CategoryForm empty() {
        return new CategoryForm("", "", "", Set.of(), "0");
    }

    public static CategoryForm of(Category category) {
        return new CategoryForm(
                category.key(),
                category.name(),
                category.parentKey() == null ? "" : category.parentKey(),
                category.listingTypes(),
                String.valueOf(category.position()));
    }

    Category parse() {
        List<FieldProblem> problems = new ArrayList<>();
        int order = FormInput.position("position", position, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return new Category(key.strip(), name, parentKey.isBlank() ? null : parentKey.strip(), listingTypes, order);
    }
}
