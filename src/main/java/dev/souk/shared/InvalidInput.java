package dev.souk.shared;

import java.util.List;

/**
 * A write refused because some of its fields are invalid. Carries message codes, not texts, so pages
 * and the API each word them in the reader's language.
 */
public class InvalidInput extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidInput(List<FieldProblem> problems) {
        super("invalid fields: " + problems.stream().map(FieldProblem::field).toList());
        this.problems = List.copyOf(problems);
    }

    public static InvalidInput of(String field, String code, Object... args) {
        return new InvalidInput(List.of(new FieldProblem(field, code, args)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    /** One field's problem: the field's name as the client sent it and a message code with its arguments. */
    public record FieldProblem(String field, String code, Object... args) {}
}
