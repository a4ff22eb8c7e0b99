// Load driver of bench/search.sh; JDK only. Run with: java bench/SearchBench.java <base-url>
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The searches of bench/search.sh, and their times at the server. A fixed mix: keywords (a common and a
 * rare word), category + price range, 25 km radius, wide and narrow map boxes, dates, and the combined
 * query (keywords + category + price range + 25 km radius + 3 nights). Each query's parameters vary
 * (city, category, dates), so no two requests are alike.
 *
 *   java bench/SearchBench.java --prepare <base-url> <mix-file> <warm-up-file>
 *       reads the catalogue and sample places from the running marketplace and writes "kind TAB query"
 *       lines: the measured mix (perKind of each kind, shuffled) and the warm-up searches (bench/search.lua
 *       sends both with wrk; the mix is also replayed as plain SQL)
 *   java bench/SearchBench.java --server-times <access-log>
 *       prints p50/p95/p99 per kind from the app's access log
 *
 * Settings (system properties): perKind (150), warmup (1000), seed (1), common (keyword found in many
 * listings), rare (keyword found in few), stayWord (keyword for stays).
 */
public class SearchBench {

    record Query(String kind, String parameters) {}

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--server-times")) {
            serverTimes(Path.of(args[1]));
            return;
        }
        String base = args[1];
        int perKind = Integer.getInteger("perKind", 150);
        int warmup = Integer.getInteger("warmup", 1000);
        Random random = new Random(Long.getLong("seed", 1));

        Catalogue catalogue = Catalogue.load(base);
        System.out.printf(
                "Catalogue: %d categories, %d stay categories; %d sample places; prices %d–%d (minor units)%n",
                catalogue.categories.size(),
                catalogue.stayCategories.size(),
                catalogue.places.size(),
                catalogue.priceLow,
                catalogue.priceHigh);
        List<Query> mix = new ArrayList<>();
        for (int i = 0; i < perKind; i++) {
            mix.addAll(catalogue.queries(random));
        }
        Collections.shuffle(mix, random);
        List<Query> warm = new ArrayList<>();
        while (warm.size() < warmup) {
            warm.addAll(catalogue.queries(random));
        }
        write(mix, Path.of(args[2]));
        write(warm, Path.of(args[3]));
    }

    static void write(List<Query> queries, Path file) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Query q : queries) {
            lines.add(q.kind() + "\t" + q.parameters());
        }
        Files.write(file, lines);
    }

    /**
     * The measured searches' times at the server and their throughput, from the app's access log: lines
     * "kind microseconds start-epoch-millis status path", kind the X-Search-Kind header ("-" for the
     * warm-up and anything else), time from the request read to the response written.
     */
    static void serverTimes(Path log) throws Exception {
        Map<String, List<Long>> byKind = new LinkedHashMap<>();
        for (String kind : Catalogue.KINDS) {
            byKind.put(kind, new ArrayList<>());
        }
        List<Long> all = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = 0;
        int failed = 0;
        for (String line : Files.readAllLines(log)) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 5 && byKind.containsKey(parts[0])) {
                long nanos = Long.parseLong(parts[1]) * 1000;
                long started = Long.parseLong(parts[2]);
                first = Math.min(first, started);
                last = Math.max(last, started + nanos / 1_000_000);
                byKind.get(parts[0]).add(nanos);
                all.add(nanos);
                if (!parts[3].equals("200")) {
                    failed++;
                }
            }
        }
        System.out.printf("%n%-16s %6s %8s %8s %8s %8s%n", "kind (server)", "n", "p50 ms", "p95 ms", "p99 ms", "max ms");
        byKind.put("all", all);
        for (var entry : byKind.entrySet()) {
            long[] nanos = entry.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "%-16s %6d %8.1f %8.1f %8.1f %8.1f%n",
                    entry.getKey(),
                    nanos.length,
                    ms(percentile(nanos, 50)),
                    ms(percentile(nanos, 95)),
                    ms(percentile(nanos, 99)),
                    ms(nanos.length == 0 ? 0 : nanos[nanos.length - 1]));
        }
        double seconds = (last - first) / 1000.0;
        System.out.printf("%nThroughput: %.0f searches/s (%d in %.1f s)%n", all.size() / seconds, all.size(), seconds);
        if (failed > 0) {
            System.out.printf("%d searches did not answer 200 (a 503 is a search cut by the statement timeout).%n", failed);
        }
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** What the queries are made of, read from the running marketplace. */
    static final class Catalogue {

        static final List<String> KINDS = List.of(
                "keyword-common", "keyword-rare", "category-price", "radius", "bbox-wide", "bbox-narrow", "dates",
                "combined");

        final List<String> categories = new ArrayList<>();
        final List<String> stayCategories = new ArrayList<>();
        final List<double[]> places = new ArrayList<>();
        long priceLow;
        long priceHigh;
        final String common = System.getProperty("common", "room");
        final String rare = System.getProperty("rare", "harpsichord");
        final String stayWord = System.getProperty("stayWord", "cosy");

        static Catalogue load(String base) throws Exception {
            Catalogue c = new Catalogue();
            String marketplace = get(base + "/api/v1/marketplace");
            // listing types transacted by the night
            List<String> nightly = new ArrayList<>();
            Matcher type = Pattern.compile("\\{\"key\":\"([^\"]+)\",\"name\":\"[^\"]*\",\"transaction\":\"nightly\"")
                    .matcher(marketplace);
            while (type.find()) {
                nightly.add(type.group(1));
            }
            int categoriesAt = marketplace.indexOf("\"categories\":");
            int fieldsAt = marketplace.indexOf("\"fields\":", categoriesAt);
            String categories = marketplace.substring(categoriesAt, fieldsAt < 0 ? marketplace.length() : fieldsAt);
            Matcher category = Pattern.compile("\\{\"key\":\"([^\"]+)\",\"name\":\"[^\"]*\",\"listingTypes\":\\[([^\\]]*)\\]")
                    .matcher(categories);
            while (category.find()) {
                c.categories.add(category.group(1));
                for (String t : nightly) {
                    if (category.group(2).contains("\"" + t + "\"")) {
                        c.stayCategories.add(category.group(1));
                        break;
                    }
                }
            }
            String sample = get(base + "/api/v1/listings?sort=newest&limit=100");
            Matcher place = Pattern.compile("\"latitude\":(-?[0-9.]+),\"longitude\":(-?[0-9.]+)").matcher(sample);
            while (place.find()) {
                c.places.add(new double[] {Double.parseDouble(place.group(1)), Double.parseDouble(place.group(2))});
            }
            Matcher price = Pattern.compile("\"price\":\\{\"amount\":(\\d+)").matcher(sample);
            List<Long> prices = new ArrayList<>();
            while (price.find()) {
                prices.add(Long.parseLong(price.group(1)));
            }
            Collections.sort(prices);
            if (c.categories.isEmpty() || c.stayCategories.isEmpty() || c.places.isEmpty() || prices.isEmpty()) {
                throw new IllegalStateException("The marketplace has no listings or stays to search: generate some first.");
            }
            c.priceLow = prices.get(prices.size() / 4);
            c.priceHigh = prices.get(prices.size() * 3 / 4);
            return c;
        }

        /** One query of every kind. */
        List<Query> queries(Random random) {
            double[] place = places.get(random.nextInt(places.size()));
            String near = String.format(Locale.ROOT, "lat=%.5f&lng=%.5f&radius_km=25", place[0], place[1]);
            String category = categories.get(random.nextInt(categories.size()));
            String stays = stayCategories.get(random.nextInt(stayCategories.size()));
            String prices = "price_min=" + priceLow + "&price_max=" + priceHigh;
            LocalDate start = LocalDate.now().plusDays(14 + random.nextInt(60));
            String nights = "start=" + start + "&end=" + start.plusDays(3);
            return List.of(
                    new Query("keyword-common", "q=" + encode(common)),
                    new Query("keyword-rare", "q=" + encode(rare)),
                    new Query("category-price", "category=" + category + "&" + prices),
                    new Query("radius", near),
                    new Query("bbox-wide", box(place, 4.0)),
                    new Query("bbox-narrow", box(place, 0.02)),
                    new Query("dates", nights),
                    new Query("combined", "q=" + encode(stayWord) + "&category=" + stays + "&" + prices + "&" + near
                            + "&" + nights));
        }

        static String box(double[] place, double halfDegrees) {
            return String.format(
                    Locale.ROOT,
                    "bbox=%.4f,%.4f,%.4f,%.4f",
                    Math.max(-180, place[1] - halfDegrees),
                    Math.max(-90, place[0] - halfDegrees / 2),
                    Math.min(180, place[1] + halfDegrees),
                    Math.min(90, place[0] + halfDegrees / 2));
        }

        static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }

        static String get(String url) throws Exception {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }
    }
}
