package dev.souk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.payments.Gateway;
import dev.souk.payments.Payments;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.SoukTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the bookings benchmark books is made as members would make it, and books as the benchmark does. */
@SoukTest
class BookingsDataTest {

    @Autowired
    BookingsData data;

    @Autowired
    Payments payments;

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    @Test
    void madeCustomersAreVerifiedAndBookTheStaysAndTheGoodsOverTheApi() throws Exception {
        Gateway before = payments.gateway();
        try {
            var progress = new ByteArrayOutputStream();

            BookingsData.Setup setup = data.prepare(3, 2, 4, new PrintStream(progress));

            // two hosts, the shop and three customers, each verified through the accounts facade
            assertThat(progress.toString()).contains("verified members 6 / 6").contains("listings 5 / 5");
            assertThat(payments.gateway()).isEqualTo(Gateway.DIRECT);
            Path file = dir.resolve("bookings.txt");
            setup.write(file);
            List<String> lines = Files.readAllLines(file);
            assertThat(lines)
                    .hasSize(1 + 3 + 2 + 2 + 2)
                    .contains("password " + BookingsData.PASSWORD, "goods " + setup.goods(), "stock 4")
                    .contains(
                            "stay " + setup.stays().get(1),
                            "warm-up " + setup.warmUp().get(0));

            Http http = new Http(port);
            HttpResponse<String> token = http.postJson(
                    "/api/v1/auth/tokens", """
                    {"email": "%s", "password": "%s"}""".formatted(setup.customers().get(0), BookingsData.PASSWORD));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
            String[] auth = {"Authorization", "Bearer " + Members.field(token.body(), "token")};
            LocalDate checkIn = LocalDate.now(ZoneOffset.UTC).plusDays(30);
            for (UUID stay : List.of(setup.stays().get(0), setup.warmUp().get(1))) {
                HttpResponse<String> booked = http.postJson(
                        "/api/v1/transactions",
                        "{\"listingId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\"}"
                                .formatted(stay, checkIn, checkIn.plusDays(2)),
                        auth);
                assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
                assertThat(booked.body()).contains("\"state\":\"accepted\"").contains("\"gateway\":\"direct\"");
            }
            assertThat(http.get("/api/v1/listings/" + setup.goods()).body()).contains("\"stock\":4");
            HttpResponse<String> bought = http.postJson(
                    "/api/v1/transactions", "{\"listingId\": \"" + setup.goods() + "\", \"quantity\": 1}", auth);
            assertThat(bought.statusCode()).as(bought.body()).isEqualTo(201);
        } finally {
            payments.chooseGateway(before);
        }
    }
}
