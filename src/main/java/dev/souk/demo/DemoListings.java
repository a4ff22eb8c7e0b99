package dev.souk.demo;

import dev.souk.listings.CancellationPolicy;
import dev.souk.listings.ListingDraft;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.listings.Location;
import dev.souk.listings.Rules;
import dev.souk.shared.Money;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/** The demo members' listings, made through the listings facade like any member's, photos drawn in code. */
final class DemoListings {

    private DemoListings() {}

    static void seed(Listings listings, UUID amira, UUID tomas, UUID lena) {
        listing(
                listings,
                amira,
                "stays",
                "rooms",
                "Bright room above a ceramics studio in Alfama",
                "A quiet double room on the second floor, with a window onto the tiled roofs of Alfama.\n\n"
                        + "Breakfast is coffee and pastéis from the bakery on the corner. The tram 28 stops two streets away.",
                Map.of("guests", 2, "bedrooms", 1, "amenities", List.of("wifi", "kitchen"), "pets", false),
                Money.of(8500, "EUR"),
                new Location("Rua dos Remédios 12, Lisbon", 38.7115, -9.1290),
                1,
                new Rules(2, 14, 1, CancellationPolicy.MODERATE, "No smoking indoors. Quiet after 22:00."),
                new Color(231, 111, 81),
                new Color(244, 162, 97));
        listing(
                listings,
                amira,
                "lessons",
                "crafts",
                "Wheel-throwing for beginners",
                "Two hours at the wheel in a small studio: centring, opening and pulling your first cylinder.\n\n"
                        + "Clay, aprons and firing of one piece included.",
                Map.of("level", "beginner", "language", "English, Portuguese"),
                Money.of(3500, "EUR"),
                new Location("Beco do Carneiro 4, Lisbon", 38.7123, -9.1275),
                4,
                new Rules(2, 4, 2, CancellationPolicy.FLEXIBLE, ""),
                new Color(120, 86, 64),
                new Color(202, 164, 120));
        listing(
                listings,
                amira,
                "handmade",
                "ceramics",
                "Set of four stoneware bowls",
                "Wheel-thrown stoneware with a speckled oat glaze. Each bowl holds about 500 ml.\n\n"
                        + "Dishwasher safe; no two are exactly alike.",
                Map.of("condition", "new", "material", List.of("clay"), "care", "Dishwasher safe."),
                Money.of(6400, "EUR"),
                null,
                1,
                Rules.defaults(),
                new Color(214, 204, 194),
                new Color(160, 140, 120));
        listing(
                listings,
                tomas,
                "equipment",
                "power-tools",
                "Cordless hammer drill with two batteries",
                "18 V hammer drill with a set of masonry and wood bits, two batteries and a charger.\n\n"
                        + "Pick up in Cedofeita; bring it back clean.",
                Map.of("brand", "Makita", "condition", "good"),
                Money.of(1200, "EUR"),
                new Location("Rua de Cedofeita 210, Porto", 41.1530, -8.6182),
                1,
                new Rules(1, 7, 0, CancellationPolicy.FLEXIBLE, ""),
                new Color(38, 70, 83),
                new Color(42, 157, 143));
        listing(
                listings,
                tomas,
                "equipment",
                "tools",
                "Aluminium extension ladder, 6 m",
                "Two-part extension ladder, 3.2 m folded and 6 m extended. Fits in an estate car.",
                Map.of("brand", "Hailo", "condition", "like-new"),
                Money.of(900, "EUR"),
                new Location("Rua de Cedofeita 210, Porto", 41.1531, -8.6180),
                1,
                new Rules(1, 5, 0, CancellationPolicy.FLEXIBLE, ""),
                new Color(69, 123, 157),
                new Color(168, 218, 220));
        listing(
                listings,
                tomas,
                "handmade",
                "furniture",
                "Solid oak dining chair",
                "A dining chair in solid oak with a woven paper-cord seat, finished with hard wax oil.\n\n"
                        + "Made to order in my workshop in Porto; allow three weeks.",
                Map.of("condition", "new", "material", List.of("wood"), "care", "Wipe with a damp cloth."),
                Money.of(32000, "EUR"),
                null,
                1,
                Rules.defaults(),
                new Color(153, 102, 51),
                new Color(222, 184, 135));
        listing(
                listings,
                lena,
                "lessons",
                "languages",
                "German conversation in Prenzlauer Berg",
                "Relaxed conversation practice for intermediate learners, over coffee or online.\n\n"
                        + "We pick topics you need: work, flat hunting, Behörden.",
                Map.of("level", "intermediate", "language", "German"),
                Money.of(3000, "EUR"),
                new Location("Kastanienallee 30, Berlin", 52.5380, 13.4105),
                1,
                new Rules(1, 2, 1, CancellationPolicy.STRICT, ""),
                new Color(29, 53, 87),
                new Color(230, 57, 70));
    }

    private static void listing(
            Listings listings,
            UUID owner,
            String type,
            String category,
            String title,
            String description,
            Map<String, ?> fields,
            Money price,
            @Nullable Location location,
            int seats,
            Rules rules,
            Color from,
            Color to) {
        ListingView draft = listings.create(
                owner,
                new ListingDraft(
                        type, category, title, description, fields, price, location, null, null, seats, rules));
        for (int i = 0; i < 2; i++) {
            listings.addPhoto(
                    owner, draft.id(), new ByteArrayInputStream(photo(title, i == 0 ? from : to, i == 0 ? to : from)));
        }
        listings.publish(owner, draft.id());
    }

    /** A 1200 × 900 gradient with the title on it: enough to make the demo look like a marketplace. */
    static byte[] photo(String title, Color from, Color to) {
        BufferedImage image = new BufferedImage(1200, 900, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, from, 1200, 900, to));
        g.fillRect(0, 0, 1200, 900);
        g.setColor(new Color(255, 255, 255, 220));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
        int y = 780;
        for (String line : wrap(title, 30)) {
            g.drawString(line, 60, y);
            y += 70;
        }
        g.dispose();
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > width && line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines.size() > 2 ? lines.subList(lines.size() - 2, lines.size()) : lines;
    }
}
