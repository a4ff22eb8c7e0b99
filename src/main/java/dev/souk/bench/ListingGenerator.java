package dev.souk.bench;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignUp;
import dev.souk.demo.DemoCatalog;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceConfig;
import dev.souk.marketplace.TransactionKind;
import dev.souk.media.ImageKind;
import dev.souk.media.Images;
import dev.souk.search.Search;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fills the database with published listings spread over {@link City#ALL}, owned by a few thousand
 * generated members, written with {@code COPY} in batches of {@link #BATCH} listings, one transaction
 * each, so a run that is stopped keeps what it wrote and memory stays flat whatever the count.
 */
@Component
class ListingGenerator {

    static final int BATCH = 10_000;
    /** The benchmark member; every generated member has this password too. */
    static final String BENCH_EMAIL = "bench@souk.invalid";

    static final String BENCH_PASSWORD = "bench-member-2026";
    /** Owners: about one per this many listings, at most {@link #MAX_OWNERS}. */
    static final int LISTINGS_PER_OWNER = 30;

    static final int MAX_OWNERS = 5_000;
    static final int PHOTOS = 12;
    /** How many of the generated listings' ids a run hands back, picked at random, for benchmarks to visit. */
    static final int SAMPLE = 2_000;
    /** Bookable listings with availability exceptions (blocked or reduced days), in percent. */
    static final int EXCEPTIONS_PERCENT = 30;
    /** Listings lie within this distance of their city's centre. */
    static final double JITTER_KM = 15;

    private final DataSource dataSource;
    private final Marketplace marketplace;
    private final Accounts accounts;
    private final Images images;
    private final PasswordEncoder passwords;
    private final JsonMapper json;
    private final Clock clock;
    private final Search search;

    ListingGenerator(
            DataSource dataSource,
            Marketplace marketplace,
            Accounts accounts,
            Images images,
            PasswordEncoder passwords,
            JsonMapper json,
            Clock clock,
            Search search) {
        this.dataSource = dataSource;
        this.marketplace = marketplace;
        this.accounts = accounts;
        this.images = images;
        this.passwords = passwords;
        this.json = json;
        this.clock = clock;
        this.search = search;
    }

    /** What a run wrote; {@code tag} is part of every generated member's email. */
    record Summary(String tag, int listings, int members, int photos, Duration took, List<UUID> sample) {

        double listingsPerSecond() {
            return listings / Math.max(0.001, took.toMillis() / 1000.0);
        }
    }

    private record Offer(ListingType type, List<Category> categories) {}

    private record Owner(UUID id, City city) {}

    Summary generate(int count, long seed, PrintStream progress) {
        Instant started = Instant.now();
        Random random = new Random(seed);
        String tag = Long.toString(Math.abs(random.nextLong()) % 1_000_000_000L, 36);
        MarketplaceConfig config = catalogue();
        List<Offer> offers = offers(config);
        if (offers.isEmpty()) {
            throw new IllegalStateException("The marketplace has no listing type with a category to list in");
        }
        benchMember();
        List<String> photos = photos(random);
        List<UUID> sample = new ArrayList<>();
        String hash = passwords.encode(BENCH_PASSWORD);
        Instant now = clock.instant();
        int ownerCount = Math.max(1, Math.min(MAX_OWNERS, count / LISTINGS_PER_OWNER));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            List<Owner> owners = owners(copy, ownerCount, tag, hash, now, random);
            connection.commit();
            int written = 0;
            while (written < count) {
                int batch = Math.min(BATCH, count - written);
                listings(copy, written, batch, offers, owners, photos, config, now, random, sample);
                connection.commit();
                written += batch;
                progress(progress, written, count, started);
            }
            progress.println();
            try (Statement analyze = connection.createStatement()) {
                // fresh statistics, so the first benchmark queries get the plans they will have later
                connection.setAutoCommit(true);
                analyze.execute(
                        "ANALYZE members, listings, listing_photos, listing_weekly_plan, listing_availability_exceptions");
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Generating listings failed", e);
        }
        // the listings were copied in without events: the search read model catches up in one go
        search.rebuild();
        return new Summary(
                tag, count, ownerCount, photos.size(), Duration.between(started, Instant.now()), List.copyOf(sample));
    }

    private static void progress(PrintStream out, int written, int count, Instant started) {
        double seconds =
                Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        double rate = written / seconds;
        long eta = Math.round((count - written) / Math.max(1, rate));
        out.printf(
                Locale.ROOT,
                "\rlistings %,d / %,d (%d%%)  %,.0f listings/s  ETA %d:%02d   ",
                written,
                count,
                written * 100L / count,
                rate,
                eta / 60,
                eta % 60);
        out.flush();
    }

    // --- what is made through the facades ------------------------------------------------------------

    /** The demo catalogue, unless the marketplace already has listing types of its own. */
    private MarketplaceConfig catalogue() {
        if (marketplace.config().listingTypes().isEmpty()) {
            DemoCatalog.seed(marketplace);
        }
        return marketplace.config();
    }

    private void benchMember() {
        if (!accounts.hasPassword(BENCH_EMAIL, BENCH_PASSWORD)) {
            accounts.register(new SignUp(BENCH_EMAIL, BENCH_PASSWORD, "Bench Member"), true);
        }
    }

    /** The types members can list, each with the categories it may be in (the most specific ones). */
    private static List<Offer> offers(MarketplaceConfig config) {
        List<Offer> offers = new ArrayList<>();
        for (ListingType type : config.listingTypes()) {
            List<Category> allowed = config.categories().stream()
                    .filter(c -> c.allows(type.key()))
                    .toList();
            List<Category> leaves = allowed.stream()
                    .filter(c -> config.children(c.key()).isEmpty())
                    .toList();
            if (!allowed.isEmpty()) {
                offers.add(new Offer(type, leaves.isEmpty() ? allowed : leaves));
            }
        }
        return offers;
    }

    /** A small set of real photos, stored once and shared by all listings so that their URLs resolve. */
    private List<String> photos(Random random) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PHOTOS; i++) {
            float hue = i / (float) PHOTOS;
            Color from = Color.getHSBColor(hue, 0.55f, 0.85f);
            Color to = Color.getHSBColor(hue + 0.15f, 0.65f, 0.45f);
            ids.add(images.store(photo("Souk bench " + (i + 1), from, to), ImageKind.LISTING_PHOTO)
                    .id());
        }
        return ids;
    }

    private static byte[] photo(String text, Color from, Color to) {
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, from, 800, 600, to));
        g.fillRect(0, 0, 800, 600);
        g.setColor(new Color(255, 255, 255, 220));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 48));
        g.drawString(text, 40, 540);
        g.dispose();
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // --- what is copied --------------------------------------------------------------------------

    private static List<Owner> owners(CopyManager copy, int count, String tag, String hash, Instant now, Random random)
            throws SQLException, IOException {
        List<Owner> owners = new ArrayList<>(count);
        CopyRows rows = new CopyRows();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            City city = Words.pick(random, City.ALL);
            Instant joined = now.minus(Duration.ofDays(366 + random.nextInt(730)));
            String name = Words.pick(random, Words.FIRST_NAMES) + " " + Words.pick(random, Words.LAST_NAMES);
            rows.row(
                    id,
                    "member-" + tag + "-" + i + "@bench.souk.invalid",
                    joined,
                    hash,
                    name,
                    "Offers things around " + city.name() + ".",
                    city.name(),
                    joined);
            owners.add(new Owner(id, city));
        }
        copy.copyIn(
                "COPY members (id, email, email_verified_at, password_hash, display_name, bio, city, created_at) FROM STDIN",
                rows.reader());
        return owners;
    }

    private void listings(
            CopyManager copy,
            int before,
            int count,
            List<Offer> offers,
            List<Owner> owners,
            List<String> photoIds,
            MarketplaceConfig config,
            Instant now,
            Random random,
            List<UUID> sample)
            throws SQLException, IOException {
        CopyRows listings = new CopyRows();
        CopyRows photos = new CopyRows();
        CopyRows plans = new CopyRows();
        CopyRows stock = new CopyRows();
        CopyRows exceptions = new CopyRows();
        String currency = config.settings().defaultCurrency().getCurrencyCode();
        LocalDate today = LocalDate.ofInstant(now, config.settings().timeZone());
        int minorUnits = (int)
                Math.pow(10, Math.max(0, config.settings().defaultCurrency().getDefaultFractionDigits()));
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            // reservoir sampling: every generated listing is equally likely to be in the sample
            int seen = before + i;
            if (seen < SAMPLE) {
                sample.add(id);
            } else if (random.nextInt(seen + 1) < SAMPLE) {
                sample.set(random.nextInt(SAMPLE), id);
            }
            Owner owner = owners.get(random.nextInt(owners.size()));
            // most listings near their owner's home, some elsewhere, as members travel and move
            City city = random.nextInt(5) == 0 ? Words.pick(random, City.ALL) : owner.city();
            Offer offer = Words.pick(random, offers);
            ListingType type = offer.type();
            TransactionKind kind = type.transaction();
            Category category = Words.pick(random, offer.categories());
            String title = Words.pick(random, Words.ADJECTIVES) + " " + Words.pick(random, Words.nouns(kind)) + " in "
                    + city.name();
            // within JITTER_KM of the centre: a uniform point in the disc
            double distance = JITTER_KM * Math.sqrt(random.nextDouble());
            double bearing = random.nextDouble() * 2 * Math.PI;
            double latitude = city.latitude() + distance * Math.cos(bearing) / 111.32;
            double longitude = city.longitude()
                    + distance * Math.sin(bearing) / (111.32 * Math.cos(Math.toRadians(city.latitude())));
            String address = (1 + random.nextInt(180)) + " " + Words.pick(random, Words.STREETS) + ", " + city.name();
            Long price = kind == TransactionKind.INQUIRY ? null : price(kind, random) * minorUnits;
            Map<String, Object> fields = marketplace.checkFieldValues(
                    type.key(), category.key(), fieldValues(config, type, category, today, random));
            boolean hourly = kind == TransactionKind.HOURLY;
            int seats = type.multipleSeats() ? 1 + random.nextInt(hourly ? 8 : 4) : 1;
            Integer stockLeft = kind == TransactionKind.PURCHASE ? 1 + random.nextInt(20) : null;
            // hourly lessons keep their own hours; some stays and rentals close a day or two a week
            boolean ownPlan = hourly || (kind.bookable() && random.nextInt(5) == 0);
            Instant published = now.minusSeconds((long) (random.nextDouble() * 365 * 24 * 3600));
            Instant created = published.minusSeconds(random.nextInt(3 * 24 * 3600));
            listings.row(
                    id,
                    owner.id(),
                    type.key(),
                    category.key(),
                    title,
                    Words.description(random, title, city.name()),
                    json.writeValueAsString(fields),
                    price,
                    price == null ? null : currency,
                    address,
                    latitude,
                    longitude,
                    city.zone().getId(),
                    type.instantBook() && random.nextInt(5) != 0,
                    seats,
                    stockLeft,
                    kind == TransactionKind.NIGHTLY && random.nextBoolean() ? 1 + random.nextInt(3) : null,
                    kind == TransactionKind.NIGHTLY && random.nextInt(4) == 0 ? 14 + random.nextInt(30) : null,
                    0,
                    Words.pick(random, List.of("flexible", "moderate", "strict")),
                    kind == TransactionKind.NIGHTLY ? "No smoking inside. Quiet after 22:00." : "",
                    "published",
                    ownPlan,
                    created,
                    published,
                    published);
            int photoCount = 1 + random.nextInt(3);
            int first = random.nextInt(photoIds.size());
            for (int p = 0; p < photoCount; p++) {
                photos.row(UUID.randomUUID(), id, photoIds.get((first + p) % photoIds.size()), p);
            }
            if (ownPlan) {
                for (int day = 1; day <= 7; day++) {
                    if (hourly ? day == 7 : random.nextInt(7) == 0) {
                        continue; // closed that day
                    }
                    plans.row(id, day, hourly ? "09:00" : null, hourly ? (day == 6 ? "13:00" : "17:00") : null, seats);
                }
            }
            if (kind.bookable() && random.nextInt(100) < EXCEPTIONS_PERCENT) {
                // standing in for bookings until the transactions module exists: a few blocked or
                // reduced stretches in the coming year
                int stretches = 1 + random.nextInt(3);
                for (int e = 0; e < stretches; e++) {
                    LocalDate from = today.plusDays(random.nextInt(365));
                    int blockedSeats = seats > 1 && random.nextBoolean() ? random.nextInt(seats) : 0;
                    exceptions.row(
                            UUID.randomUUID(), id, from, from.plusDays(random.nextInt(7)), blockedSeats, created);
                }
            }
            if (stockLeft != null) {
                stock.row(UUID.randomUUID(), id, stockLeft, stockLeft, "initial", owner.id(), created);
            }
        }
        copy.copyIn("""
                COPY listings (id, owner_id, listing_type, category, title, description, fields, price_amount,
                    price_currency, address, latitude, longitude, time_zone, instant_book, seats, stock, min_duration,
                    max_duration, advance_notice_days, cancellation_policy, house_rules, status, has_weekly_plan,
                    created_at, updated_at, published_at) FROM STDIN""", listings.reader());
        copy.copyIn("COPY listing_photos (id, listing_id, image_id, position) FROM STDIN", photos.reader());
        copy.copyIn(
                "COPY listing_weekly_plan (listing_id, day_of_week, opens, closes, seats) FROM STDIN", plans.reader());
        copy.copyIn(
                "COPY listing_availability_exceptions (id, listing_id, start_date, end_date, seats, created_at) FROM STDIN",
                exceptions.reader());
        copy.copyIn(
                "COPY listing_stock_adjustments (id, listing_id, change, quantity, reason, adjusted_by, adjusted_at) FROM STDIN",
                stock.reader());
    }

    /** Whole major units, in ranges that look right for each way of trading. */
    private static long price(TransactionKind kind, Random random) {
        return switch (kind) {
            case NIGHTLY -> 35 + random.nextInt(220);
            case DAILY -> 8 + random.nextInt(70);
            case HOURLY -> 15 + random.nextInt(75);
            case PURCHASE -> 12 + random.nextInt(380);
            case INQUIRY -> 0;
        };
    }

    /**
     * Values for every required field and most optional ones, made from the schema itself so that any
     * catalogue works; the caller still runs them through {@link Marketplace#checkFieldValues}.
     */
    private static Map<String, Object> fieldValues(
            MarketplaceConfig config, ListingType type, Category category, LocalDate today, Random random) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (CustomField field : config.fieldsFor(type.key(), category.key())) {
            if (!field.required() && random.nextInt(10) < 3) {
                continue;
            }
            Object value = value(field, today, random);
            if (value != null) {
                values.put(field.key(), value);
            }
        }
        return values;
    }

    private static @Nullable Object value(CustomField field, LocalDate today, Random random) {
        return switch (field.type()) {
            case TEXT -> Words.pick(random, Words.ADJECTIVES) + " " + Words.pick(random, Words.LAST_NAMES);
            case LONG_TEXT -> "Handle with care. " + Words.pick(random, Words.ADJECTIVES) + " finish.";
            case NUMBER -> {
                long min = field.min() == null ? 0 : field.min().longValue();
                long max = field.max() == null ? min + 10 : field.max().longValue();
                // most listings sit in the lower part of the range, as most homes are small
                yield min + (long) ((max - min + 1) * Math.pow(random.nextDouble(), 2.5));
            }
            case CHOICE ->
                field.choices().isEmpty()
                        ? null
                        : Words.pick(random, field.choices()).key();
            case MULTI_CHOICE -> {
                List<String> keys = new ArrayList<>();
                field.choices().forEach(c -> {
                    if (random.nextBoolean()) {
                        keys.add(c.key());
                    }
                });
                yield keys.isEmpty() ? null : keys;
            }
            case BOOLEAN -> random.nextBoolean();
            case DATE -> today.plusDays(random.nextInt(365)).toString();
        };
    }
}
