package dev.souk.bench;

import java.nio.file.Path;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar souk.jar --souk.bench.bookings-setup=bookings.txt [--souk.bench.customers=100]
 * [--souk.bench.stays=20] [--souk.bench.stock=10]} makes what the bookings benchmark books ({@link
 * BookingsData}), writes the customers' emails and the listings' ids to the file for the load driver
 * ({@code bench/BookingsBench.java}) and exits instead of serving (pass {@code --server.port=0}).
 */
@Component
@Order(100)
class BookingsCommand implements ApplicationRunner {

    static final String SETUP = "souk.bench.bookings-setup";

    private final Environment environment;
    private final BookingsData data;
    private final ConfigurableApplicationContext context;

    BookingsCommand(Environment environment, BookingsData data, ConfigurableApplicationContext context) {
        this.environment = environment;
        this.data = data;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        String file = environment.getProperty(SETUP);
        if (file == null || file.isBlank()) {
            return;
        }
        int customers = environment.getProperty("souk.bench.customers", Integer.class, 100);
        int stays = environment.getProperty("souk.bench.stays", Integer.class, 20);
        int stock = environment.getProperty("souk.bench.stock", Integer.class, 10);
        if (customers < 1 || customers > 10_000 || stays < 1 || stays > 1_000 || stock < 1 || stock > 10_000) {
            throw new IllegalArgumentException(
                    "souk.bench.customers (1-10000), souk.bench.stays (1-1000) or souk.bench.stock (1-10000) out of range");
        }
        data.prepare(customers, stays, stock, System.out).write(Path.of(file));
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
