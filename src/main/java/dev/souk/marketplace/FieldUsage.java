package dev.souk.marketplace;

/**
 * Implemented by modules that store custom field values (listings), so that the marketplace can
 * refuse to change a field's type or remove a choice while values depend on it.
 */
public interface FieldUsage {

    /** How many stored values use this field. */
    long valuesOf(String fieldKey);

    /** How many stored values use this choice of this field. */
    long valuesWithChoice(String fieldKey, String choiceKey);
}
