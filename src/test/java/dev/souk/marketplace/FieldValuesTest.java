package dev.souk.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.shared.InvalidInput;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldValuesTest {

    static final CustomField GUESTS = new CustomField(
            "guests",
            "Guests",
            FieldType.NUMBER,
            Set.of(),
            Set.of(),
            true,
            false,
            true,
            List.of(),
            BigDecimal.ONE,
            BigDecimal.valueOf(16),
            "guests",
            1);
    static final CustomField AMENITIES = new CustomField(
            "amenities",
            "Amenities",
            FieldType.MULTI_CHOICE,
            Set.of(),
            Set.of(),
            false,
            false,
            true,
            List.of(new CustomField.Choice("wifi", "Wi-Fi"), new CustomField.Choice("kitchen", "Kitchen")),
            null,
            null,
            null,
            2);
    static final CustomField PETS = new CustomField(
            "pets", "Pets", FieldType.BOOLEAN, Set.of(), Set.of(), false, false, true, List.of(), null, null, null, 3);
    static final CustomField OPENS = new CustomField(
            "opens", "Opens", FieldType.DATE, Set.of(), Set.of(), false, false, false, List.of(), null, null, null, 4);
    static final List<CustomField> FIELDS = List.of(GUESTS, AMENITIES, PETS, OPENS);

    @Test
    void valuesFromJsonAndFromFormsAreNormalized() {
        assertThat(FieldValues.validate(
                        FIELDS, Map.of("guests", 4, "amenities", List.of("kitchen", "wifi"), "pets", true)))
                .containsEntry("guests", new BigDecimal("4"))
                .containsEntry("amenities", List.of("wifi", "kitchen"))
                .containsEntry("pets", true);
        assertThat(FieldValues.validate(FIELDS, Map.of("guests", "2", "pets", "on", "opens", "2027-03-12")))
                .containsEntry("guests", new BigDecimal("2"))
                .containsEntry("pets", true)
                .containsEntry("opens", "2027-03-12");
    }

    @Test
    void wrongTypesOutOfBoundsUnknownChoicesAndUnknownFieldsNameTheField() {
        assertThatThrownBy(() -> FieldValues.validate(
                        FIELDS,
                        Map.of(
                                "guests",
                                40,
                                "amenities",
                                List.of("pool"),
                                "pets",
                                "maybe",
                                "opens",
                                "soon",
                                "colour",
                                "red")))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        invalid -> assertThat(invalid.problems())
                                .extracting(InvalidInput.FieldProblem::field, InvalidInput.FieldProblem::code)
                                .containsExactlyInAnyOrder(
                                        org.assertj.core.api.Assertions.tuple(
                                                "fields.guests", "marketplace.field.outOfBounds"),
                                        org.assertj.core.api.Assertions.tuple(
                                                "fields.amenities", "marketplace.field.unknownChoice"),
                                        org.assertj.core.api.Assertions.tuple(
                                                "fields.pets", "marketplace.field.notBoolean"),
                                        org.assertj.core.api.Assertions.tuple(
                                                "fields.opens", "marketplace.field.notDate"),
                                        org.assertj.core.api.Assertions.tuple(
                                                "fields.colour", "marketplace.field.unknown")));
        assertThatThrownBy(() -> FieldValues.validate(FIELDS, Map.of("guests", "four")))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void requiredFieldsWithoutValueAreReportedAsMissing() {
        assertThat(FieldValues.missingRequired(FIELDS, Map.of("pets", true))).containsExactly("guests");
        assertThat(FieldValues.missingRequired(FIELDS, Map.of("guests", BigDecimal.TEN)))
                .isEmpty();
    }
}
