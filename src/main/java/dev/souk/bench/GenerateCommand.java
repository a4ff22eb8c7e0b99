package dev.souk.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar souk.jar --souk.generate.listings=100000 [--souk.generate.seed=1]
 * [--souk.generate.ids-file=ids.txt]} fills the configured database and exits instead of serving (pass
 * {@code --server.port=0} so it doesn't take the app's port). The ids file gets a random sample of the
 * generated listings' ids, one per line, for benchmarks to visit. Runs after the demo seeder and the
 * operator bootstrap.
 */
@Component
@Order(100)
class GenerateCommand implements ApplicationRunner {

    static final String COUNT = "souk.generate.listings";
    static final int MAX = 10_000_000;

    private static final Logger log = LoggerFactory.getLogger(GenerateCommand.class);

    private final Environment environment;
    private final ListingGenerator generator;
    private final ConfigurableApplicationContext context;

    GenerateCommand(Environment environment, ListingGenerator generator, ConfigurableApplicationContext context) {
        this.environment = environment;
        this.generator = generator;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        Integer count = environment.getProperty(COUNT, Integer.class);
        if (count == null) {
            return;
        }
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException(COUNT + " must be between 1 and " + MAX + ", not " + count);
        }
        long seed = environment.getProperty("souk.generate.seed", Long.class, System.nanoTime());
        ListingGenerator.Summary summary = generator.generate(count, seed, System.out);
        System.out.printf(
                Locale.ROOT,
                "Generated %,d published listings of %,d new members (%d shared photos) in %.1f s: %,.0f listings/s.%n"
                        + "Sign in as %s / %s (every generated member has that password).%n",
                summary.listings(),
                summary.members(),
                summary.photos(),
                summary.took().toMillis() / 1000.0,
                summary.listingsPerSecond(),
                ListingGenerator.BENCH_EMAIL,
                ListingGenerator.BENCH_PASSWORD);
        String idsFile = environment.getProperty("souk.generate.ids-file");
        if (idsFile != null && !idsFile.isBlank()) {
            try {
                Files.write(
                        Path.of(idsFile),
                        summary.sample().stream().map(UUID::toString).toList());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write " + idsFile, e);
            }
        }
        log.info("Generated {} listings; exiting", summary.listings());
        // a command, not a server: close everything (the embedded database last) and end the process
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
