package dev.souk.testing;

import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.FieldType;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.Requirement;
import dev.souk.marketplace.TransactionKind;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * A catalogue of its own for each test class: listing types, categories and fields with unique keys,
 * since tests share one database.
 */
public final class TestCatalog {

    public final String suffix = UUID.randomUUID().toString().substring(0, 8);
    public final String stays = "stays-" + suffix;
    public final String lessons = "lessons-" + suffix;
    public final String goods = "goods-" + suffix;
    public final String rooms = "rooms-" + suffix;
    public final String classes = "classes-" + suffix;
    public final String crafts = "crafts-" + suffix;
    /** A required number field of stays, 1–16. */
    public final String guests = "guests-" + suffix;

    public TestCatalog(Marketplace marketplace) {
        Set<Requirement> all = Set.of(Requirement.PRICE, Requirement.LOCATION, Requirement.PHOTOS);
        marketplace.saveListingType(
                new ListingType(stays, "Stays " + suffix, TransactionKind.NIGHTLY, false, false, all, 90));
        marketplace.saveListingType(new ListingType(
                lessons, "Lessons " + suffix, TransactionKind.HOURLY, false, true, Set.of(Requirement.PRICE), 91));
        marketplace.saveListingType(new ListingType(
                goods, "Goods " + suffix, TransactionKind.PURCHASE, true, false, Set.of(Requirement.PRICE), 92));
        marketplace.saveCategory(new Category(rooms, "Rooms " + suffix, null, Set.of(stays), 90));
        marketplace.saveCategory(new Category(classes, "Classes " + suffix, null, Set.of(lessons), 91));
        marketplace.saveCategory(new Category(crafts, "Crafts " + suffix, null, Set.of(goods), 92));
        marketplace.saveField(new CustomField(
                guests,
                "Guests",
                FieldType.NUMBER,
                Set.of(stays),
                Set.of(),
                true,
                false,
                true,
                List.of(),
                BigDecimal.ONE,
                BigDecimal.valueOf(16),
                "guests",
                90));
    }

    /** A draft body of a stay with everything but photos. */
    public String completeStay(String title) {
        return """
                {"listingType": "%s", "category": "%s", "title": "%s",
                 "description": "A bright room.\\n\\nQuiet street.", "fields": {"%s": 2},
                 "price": {"amount": 8500, "currency": "EUR"},
                 "location": {"address": "Rua dos Remédios 12, Lisbon", "latitude": 38.7115, "longitude": -9.1290}}""".formatted(stays, rooms, title, guests);
    }

    public static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(200, 120, 60));
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
