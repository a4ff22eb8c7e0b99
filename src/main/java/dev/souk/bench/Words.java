package dev.souk.bench;

import dev.souk.marketplace.TransactionKind;
import java.util.List;
import java.util.Random;

/** Word lists that make generated titles and descriptions read like a marketplace's. */
final class Words {

    private Words() {}

    static final List<String> ADJECTIVES = List.of(
            "Bright",
            "Quiet",
            "Cosy",
            "Spacious",
            "Sunny",
            "Charming",
            "Modern",
            "Rustic",
            "Handy",
            "Sturdy",
            "Classic",
            "Compact",
            "Lovely",
            "Peaceful",
            "Central",
            "Hidden",
            "Friendly",
            "Simple",
            "Elegant",
            "Practical",
            "Colourful",
            "Warm",
            "Airy",
            "Restored",
            "Traditional");

    static final List<String> FIRST_NAMES = List.of(
            "Amira", "Tomás", "Lena", "Noah", "Sofia", "Mateo", "Chloé", "Jonas", "Inês", "Luca", "Maya", "Elias",
            "Nora", "Hugo", "Freya", "Omar", "Zoe", "Ravi", "Clara", "Felix", "Yara", "Emil", "Ana", "Leon", "Mila",
            "Karim", "Ida", "Pablo", "Alba", "Theo");

    static final List<String> LAST_NAMES = List.of(
            "Haddad",
            "Ferreira",
            "Vogel",
            "Martin",
            "Rossi",
            "Novak",
            "García",
            "Jensen",
            "Dubois",
            "Silva",
            "Nowak",
            "Kowalski",
            "Bauer",
            "Moreau",
            "Costa",
            "Larsen",
            "Romano",
            "Fischer",
            "Santos",
            "Weber");

    static final List<String> STREETS = List.of(
            "Market Street",
            "Harbour Road",
            "Old Town Lane",
            "Station Square",
            "River Walk",
            "Garden Row",
            "Mill Street",
            "Church Lane",
            "Castle Hill",
            "Park Avenue",
            "Bridge Street",
            "Orchard Way");

    private static final List<String> STAY_NOUNS =
            List.of("room", "apartment", "loft", "studio", "guest house", "cottage", "flat", "attic room", "townhouse");
    private static final List<String> RENTAL_NOUNS = List.of(
            "drill",
            "cargo bike",
            "tent",
            "ladder",
            "lawn mower",
            "kayak",
            "camera",
            "projector",
            "sander",
            "camping stove",
            "pressure washer",
            "tile cutter");
    private static final List<String> LESSON_NOUNS = List.of(
            "pottery lesson",
            "guitar lesson",
            "Portuguese class",
            "cooking class",
            "yoga session",
            "woodworking workshop",
            "painting class",
            "piano lesson",
            "sewing workshop",
            "photography walk");
    private static final List<String> GOODS_NOUNS = List.of(
            "bowl",
            "mug",
            "chair",
            "scarf",
            "vase",
            "stool",
            "blanket",
            "cutting board",
            "lamp",
            "basket",
            "plate set",
            "side table");
    private static final List<String> OTHER_NOUNS = List.of("service", "offer", "help", "advice", "repair");

    private static final List<String> SENTENCES = List.of(
            "Everything is kept clean and in good order, and I am happy to answer questions.",
            "It is a short walk from the tram and the local market.",
            "Please treat it with care; I use it myself when it is not rented out.",
            "Ideal for a weekend, a small project or a first try.",
            "Beginners are welcome and so are people who know what they are doing.",
            "Made by hand in a small workshop, each piece is slightly different.",
            "Pick-up in person is easiest, but we can find another way.",
            "The neighbourhood is lively during the day and quiet at night.",
            "Instructions and a few tips come with it.",
            "Ask me about longer periods or several at once.",
            "I reply within a day, usually much faster.",
            "Natural light, good coffee nearby and friendly neighbours.");

    /**
     * Unusual words, each in about 0.002% of descriptions (20 per million listings), so that benchmarks
     * have keywords with few matches.
     */
    static final List<String> RARE_WORDS = List.of(
            "harpsichord",
            "zeppelin",
            "marzipan",
            "theremin",
            "sextant",
            "gramophone",
            "quokka",
            "astrolabe",
            "kaleidoscope",
            "samovar");

    static List<String> nouns(TransactionKind kind) {
        return switch (kind) {
            case NIGHTLY -> STAY_NOUNS;
            case DAILY -> RENTAL_NOUNS;
            case HOURLY -> LESSON_NOUNS;
            case PURCHASE -> GOODS_NOUNS;
            case INQUIRY -> OTHER_NOUNS;
        };
    }

    static String description(Random random, String title, String city) {
        StringBuilder text =
                new StringBuilder(title).append(" in ").append(city).append(". ");
        int sentences = 2 + random.nextInt(4);
        for (int i = 0; i < sentences; i++) {
            text.append(pick(random, SENTENCES)).append(' ');
        }
        if (random.nextInt(3) == 0) {
            text.append("\n\n").append(pick(random, SENTENCES));
        }
        if (random.nextInt(5_000) == 0) {
            text.append(" Comes with a ").append(pick(random, RARE_WORDS)).append('.');
        }
        return text.toString().strip();
    }

    static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
