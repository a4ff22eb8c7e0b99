package dev.souk.marketplace.web;

import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Requirement;
import dev.souk.marketplace.TransactionKind;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A listing type as the operator typed it. */
public record ListingTypeForm(
        String key,
        String name,
        String transaction,
        boolean instantBook,
        boolean multipleSeats,
        Set<String> requires,
        String position) {

    public static ListingTypeForm empty() {
        return new ListingTypeForm(
                "", "", TransactionKind.NIGHTLY.key(), false, false, Set.of(Requirement.PRICE.key()), "0");
    }

    public static ListingTypeForm of(ListingType type) {
        Set<String> requires = new HashSet<>();
        type.requires().forEach(r -> requires.add(r.key()));
        return new ListingTypeForm(
                type.key(),
                type.name(),
                type.transaction().key(),
                type.instantBook(),
                type.multipleSeats(),
                requires,
                String.valueOf(type.position()));
    }

    ListingType parse() {
        List<FieldProblem> problems = new ArrayList<>();
        TransactionKind kind = null;
        try {
            kind = TransactionKind.ofKey(transaction.strip());
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("transaction", "marketplace.listingType.kindUnknown"));
        }
        Set<Requirement> required = EnumSet.noneOf(Requirement.class);
        for (String requirement : requires) {
            try {
                required.add(Requirement.ofKey(requirement));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("requires", "marketplace.listingType.requirementUnknown", requirement));
            }
        }
        int order = FormInput.position("position", position, problems);
        if (!problems.isEmpty() || kind == null) {
            throw new InvalidInput(problems);
        }
        return new ListingType(key.strip(), name, kind, instantBook, multipleSeats, required, order);
    }
}
