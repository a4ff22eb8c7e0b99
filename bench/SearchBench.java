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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed mix of searches over HTTP at a fixed concurrency: keywords (a common and a rare word),
 * category + price range, 25 km radius, wide and narrow map boxes, dates, and the combined query
 * (keywords + category + price range + 25 km radius + 3 nights). Each query's parameters vary (city,
 * category, dates), so no two requests are alike. Prints p50/p95/p99 per kind and the throughput, and
 * writes the mix to a file so the same queries can be replayed as plain SQL.
 *
 * Settings (system properties): concurrency (8), perKind (150), warmup (200), seed (1), common
 * (keyword found in many listings), rare (keyword found in few), stayWord (keyword for stays),
 * mixFile (where to write the queries).
 */
public class SearchBench {

    record Query(String kind, String parameters) {}

    record Result(String kind, long nanos, int status, long total) {}

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int concurrency = Integer.getInteger("concurrency", 8);
        int perKind = Integer.getInteger("perKind", 150);
        int warmup = Integer.getInteger("warmup", 200);
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
        String mixFile = System.getProperty("mixFile");
        if (mixFile != null) {
            List<String> lines = new ArrayList<>();
            for (Query q : mix) {
                lines.add(q.kind() + "\t" + q.parameters());
            }
            Files.write(Path.of(mixFile), lines);
        }

        List<Query> warm = new ArrayList<>();
        for (int i = 0; warm.size() < warmup; i++) {
            warm.addAll(catalogue.queries(random));
        }
        System.out.printf("Warming up with %d searches…%n", warm.size());
        run(base, warm, concurrency);

        System.out.printf(
                "Running %d searches (%d kinds × %d) at concurrency %d…%n",
                mix.size(), mix.size() / perKind, perKind, concurrency);
        long started = System.nanoTime();
        List<Result> results = run(base, mix, concurrency);
        double seconds = (System.nanoTime() - started) / 1e9;

        Map<String, List<Result>> byKind = new LinkedHashMap<>();
        for (String kind : Catalogue.KINDS) {
            byKind.put(kind, new ArrayList<>());
        }
        for (Result r : results) {
            byKind.get(r.kind()).add(r);
        }
        System.out.printf("%n%-16s %6s %8s %8s %8s %8s %10s%n", "kind", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "avg total");
        int failures = 0;
        for (var entry : byKind.entrySet()) {
            List<Result> rs = entry.getValue();
            long bad = rs.stream().filter(r -> r.status() != 200).count();
            failures += (int) bad;
            long[] nanos = rs.stream().mapToLong(Result::nanos).sorted().toArray();
            double avgTotal = rs.stream().mapToLong(Result::total).average().orElse(0);
            System.out.printf(
                    "%-16s %6d %8.1f %8.1f %8.1f %8.1f %10.0f%s%n",
                    entry.getKey(),
                    rs.size(),
                    ms(percentile(nanos, 50)),
                    ms(percentile(nanos, 95)),
                    ms(percentile(nanos, 99)),
                    ms(nanos.length == 0 ? 0 : nanos[nanos.length - 1]),
                    avgTotal,
                    bad == 0 ? "" : "  (" + bad + " not 200)");
        }
        long[] all = results.stream().mapToLong(Result::nanos).sorted().toArray();
        System.out.printf(
                "%-16s %6d %8.1f %8.1f %8.1f %8.1f%n",
                "all", all.length, ms(percentile(all, 50)), ms(percentile(all, 95)), ms(percentile(all, 99)),
                ms(all[all.length - 1]));
        System.out.printf("%nThroughput: %.0f searches/s (%d in %.1f s, concurrency %d)%n", results.size() / seconds,
                results.size(), seconds, concurrency);
        if (failures > 0) {
            System.out.printf("%d searches did not answer 200 (a 503 is a search cut by the statement timeout).%n", failures);
        }
    }

    static List<Result> run(String base, List<Query> queries, int concurrency) throws InterruptedException {
        ConcurrentLinkedQueue<Query> todo = new ConcurrentLinkedQueue<>(queries);
        List<Result> results = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int i = 0; i < concurrency; i++) {
            pool.submit(() -> {
                Query q;
                while ((q = todo.poll()) != null) {
                    results.add(search(base, q));
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        return results;
    }

    static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");

    static Result search(String base, Query q) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/listings?" + q.parameters()))
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            Matcher total = TOTAL.matcher(response.body());
            return new Result(q.kind(), nanos, response.statusCode(), total.find() ? Long.parseLong(total.group(1)) : 0);
        } catch (Exception e) {
            return new Result(q.kind(), System.nanoTime() - start, -1, 0);
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
