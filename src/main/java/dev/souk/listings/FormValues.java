package dev.souk.listings;

import dev.souk.shared.InvalidInput.FieldProblem;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads numbers, dates and times that arrive as text (forms, query parameters), collecting a problem
 * for the field instead of failing, so one answer can name every bad field.
 */
final class FormValues {

    private FormValues() {}

    static @Nullable Integer integer(@Nullable String text, String field, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "listings.number.invalid"));
            return null;
        }
    }

    static @Nullable LocalTime time(@Nullable String text, String field, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "listings.time.invalid"));
            return null;
        }
    }

    /** A required date: missing is a problem too. */
    static @Nullable LocalDate date(@Nullable String text, String field, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(new FieldProblem(field, "validation.required"));
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "listings.date.invalid"));
            return null;
        }
    }
}
