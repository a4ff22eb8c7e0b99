package dev.souk.marketplace;

/**
 * Implemented by modules that store things the catalogue describes (listings), so that the
 * marketplace can refuse to delete a listing type or category, change a field's type or remove a
 * choice while stored data depends on it.
 */
public interface CatalogUsage {

    /** How many listings (not deleted) are of this listing type. */
    long listingsOfType(String listingTypeKey);

    /** How many listings (not deleted) are in this category. */
    long listingsInCategory(String categoryKey);

    /** How many listings (not deleted) have a value for this field. */
    long valuesOf(String fieldKey);

    /** How many listings (not deleted) have this choice selected in this field. */
    long valuesWithChoice(String fieldKey, String choiceKey);
}
