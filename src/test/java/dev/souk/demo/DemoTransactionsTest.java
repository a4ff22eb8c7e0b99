package dev.souk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignUp;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.payments.Gateway;
import dev.souk.payments.Payments;
import dev.souk.reviews.Rating;
import dev.souk.reviews.Reviews;
import dev.souk.testing.Members;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import dev.souk.transactions.TransactionView;
import dev.souk.transactions.Transactions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

@SoukTest
@Import(WithMailbox.class)
class DemoTransactionsTest {

    @Autowired
    Marketplace marketplace;

    @Autowired
    Accounts accounts;

    @Autowired
    Listings listings;

    @Autowired
    Payments payments;

    @Autowired
    Transactions transactions;

    @Autowired
    Reviews reviews;

    @Autowired
    DemoTransactions demo;

    @AfterEach
    void backToDirect() {
        payments.chooseGateway(Gateway.DIRECT);
    }

    @Test
    void theDemoHasDealsInEveryStateANewcomerShouldSee() {
        DemoCatalog.seed(marketplace);
        UUID amira = member("Amira");
        UUID tomas = member("Tomás");
        UUID lena = member("Lena");
        DemoListings.seed(listings, amira, tomas, lena);
        payments.chooseGateway(Gateway.CARD_SIMULATOR);

        demo.seed(amira, tomas, lena);

        List<String> states = new ArrayList<>();
        for (UUID member : List.of(lena, tomas)) {
            transactions.list(member, false, null, null, 50).items().stream()
                    .map(TransactionView::state)
                    .forEach(states::add);
        }
        assertThat(states)
                .containsExactlyInAnyOrder(
                        "requested", "accepted", "cancelled", "accepted", "shipped", "received", "received");
        assertThat(transactions.list(amira, true, "requested", null, 10).items())
                .hasSize(1);
        assertThat(payments.checkLedger().passed()).isTrue();
        // both sets of bowls reviewed both ways: public at once, on the listing and the three profiles
        UUID bowls = listings.mine(amira, null, 50).items().stream()
                .filter(l -> l.title().startsWith("Set of four stoneware bowls"))
                .findFirst()
                .orElseThrow()
                .id();
        assertThat(reviews.listingRating(bowls)).isEqualTo(new Rating(new BigDecimal("4.50"), 2));
        assertThat(reviews.memberRating(amira).count()).isEqualTo(2);
        assertThat(reviews.memberRating(tomas).count()).isEqualTo(1);
        assertThat(reviews.memberRating(lena).count()).isEqualTo(1);
    }

    private UUID member(String name) {
        return accounts.register(new SignUp(Members.uniqueEmail("demo"), Members.PASSWORD, name), true);
    }
}
