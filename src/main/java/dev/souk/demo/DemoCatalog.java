package dev.souk.demo;

import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.CustomField.Choice;
import dev.souk.marketplace.FieldType;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.Requirement;
import dev.souk.marketplace.TransactionKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * The demo marketplace's catalogue: four ways to trade, their categories and a few custom fields. Public
 * because the bench data generator fills a marketplace with the same catalogue.
 */
public final class DemoCatalog {

    private DemoCatalog() {}

    public static void seed(Marketplace marketplace) {
        Set<Requirement> all = Set.of(Requirement.PRICE, Requirement.LOCATION, Requirement.PHOTOS);
        marketplace.saveListingType(new ListingType("stays", "Stays", TransactionKind.NIGHTLY, false, false, all, 1));
        marketplace.saveListingType(new ListingType(
                "equipment",
                "Equipment rental",
                TransactionKind.DAILY,
                true,
                false,
                Set.of(Requirement.PRICE, Requirement.LOCATION),
                2));
        marketplace.saveListingType(new ListingType(
                "lessons",
                "Lessons",
                TransactionKind.HOURLY,
                false,
                true,
                Set.of(Requirement.PRICE, Requirement.LOCATION),
                3));
        marketplace.saveListingType(new ListingType(
                "handmade",
                "Handmade goods",
                TransactionKind.PURCHASE,
                true,
                false,
                Set.of(Requirement.PRICE, Requirement.PHOTOS),
                4));

        category("homes", "Homes", null, Set.of("stays"), 1, marketplace);
        category("rooms", "Private rooms", "homes", Set.of("stays"), 1, marketplace);
        category("apartments", "Whole apartments", "homes", Set.of("stays"), 2, marketplace);
        category("tools", "Tools", null, Set.of("equipment"), 2, marketplace);
        category("power-tools", "Power tools", "tools", Set.of("equipment"), 1, marketplace);
        category("garden", "Garden", "tools", Set.of("equipment"), 2, marketplace);
        category("outdoor", "Outdoor gear", null, Set.of("equipment"), 3, marketplace);
        category("learning", "Learning", null, Set.of("lessons"), 4, marketplace);
        category("crafts", "Crafts", "learning", Set.of("lessons"), 1, marketplace);
        category("music", "Music", "learning", Set.of("lessons"), 2, marketplace);
        category("languages", "Languages", "learning", Set.of("lessons"), 3, marketplace);
        category("made", "Handmade", null, Set.of("handmade"), 5, marketplace);
        category("ceramics", "Ceramics", "made", Set.of("handmade"), 1, marketplace);
        category("furniture", "Furniture", "made", Set.of("handmade"), 2, marketplace);
        category("textiles", "Textiles", "made", Set.of("handmade"), 3, marketplace);

        marketplace.saveField(new CustomField(
                "guests",
                "Guests",
                FieldType.NUMBER,
                Set.of("stays"),
                Set.of(),
                true,
                false,
                true,
                List.of(),
                BigDecimal.ONE,
                BigDecimal.valueOf(16),
                "guests",
                1));
        marketplace.saveField(new CustomField(
                "bedrooms",
                "Bedrooms",
                FieldType.NUMBER,
                Set.of("stays"),
                Set.of(),
                false,
                false,
                true,
                List.of(),
                BigDecimal.ZERO,
                BigDecimal.valueOf(20),
                null,
                2));
        marketplace.saveField(new CustomField(
                "amenities",
                "Amenities",
                FieldType.MULTI_CHOICE,
                Set.of("stays"),
                Set.of(),
                false,
                false,
                true,
                List.of(
                        new Choice("wifi", "Wi-Fi"),
                        new Choice("kitchen", "Kitchen"),
                        new Choice("washer", "Washer"),
                        new Choice("parking", "Free parking"),
                        new Choice("workspace", "Workspace")),
                null,
                null,
                null,
                3));
        marketplace.saveField(new CustomField(
                "pets",
                "Pets allowed",
                FieldType.BOOLEAN,
                Set.of("stays"),
                Set.of(),
                false,
                false,
                true,
                List.of(),
                null,
                null,
                null,
                4));
        marketplace.saveField(new CustomField(
                "brand",
                "Brand",
                FieldType.TEXT,
                Set.of("equipment"),
                Set.of(),
                false,
                true,
                false,
                List.of(),
                null,
                null,
                null,
                5));
        marketplace.saveField(new CustomField(
                "condition",
                "Condition",
                FieldType.CHOICE,
                Set.of("equipment", "handmade"),
                Set.of(),
                true,
                false,
                true,
                List.of(
                        new Choice("new", "New"),
                        new Choice("like-new", "Like new"),
                        new Choice("good", "Good"),
                        new Choice("worn", "Worn")),
                null,
                null,
                null,
                6));
        marketplace.saveField(new CustomField(
                "level",
                "Level",
                FieldType.CHOICE,
                Set.of("lessons"),
                Set.of(),
                false,
                false,
                true,
                List.of(
                        new Choice("beginner", "Beginner"),
                        new Choice("intermediate", "Intermediate"),
                        new Choice("advanced", "Advanced")),
                null,
                null,
                null,
                7));
        marketplace.saveField(new CustomField(
                "language",
                "Taught in",
                FieldType.TEXT,
                Set.of("lessons"),
                Set.of(),
                false,
                true,
                false,
                List.of(),
                null,
                null,
                null,
                8));
        marketplace.saveField(new CustomField(
                "material",
                "Material",
                FieldType.MULTI_CHOICE,
                Set.of("handmade"),
                Set.of(),
                false,
                false,
                true,
                List.of(
                        new Choice("clay", "Clay"),
                        new Choice("wood", "Wood"),
                        new Choice("wool", "Wool"),
                        new Choice("linen", "Linen"),
                        new Choice("metal", "Metal")),
                null,
                null,
                null,
                9));
        marketplace.saveField(new CustomField(
                "care",
                "Care instructions",
                FieldType.LONG_TEXT,
                Set.of("handmade"),
                Set.of(),
                false,
                true,
                false,
                List.of(),
                null,
                null,
                null,
                10));
    }

    private static void category(
            String key, String name, String parent, Set<String> types, int position, Marketplace marketplace) {
        marketplace.saveCategory(new Category(key, name, parent, types, position));
    }
}
