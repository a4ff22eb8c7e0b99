package dev.souk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignUp;
import dev.souk.listings.ListingStatus;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Members;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

@SoukTest
@Import(WithMailbox.class)
class DemoListingsTest {

    @Autowired
    Marketplace marketplace;

    @Autowired
    Accounts accounts;

    @Autowired
    Listings listings;

    @Test
    void theDemoMembersListingsArePublishedWithPhotos() {
        DemoCatalog.seed(marketplace);
        UUID amira = member("Amira");
        UUID tomas = member("Tomás");
        UUID lena = member("Lena");

        DemoListings.seed(listings, amira, tomas, lena);

        List<ListingView> all = new java.util.ArrayList<>();
        for (UUID owner : List.of(amira, tomas, lena)) {
            all.addAll(listings.mine(owner, null, 24).items());
        }
        assertThat(all).hasSize(7);
        assertThat(all)
                .allMatch(
                        l -> l.status() == ListingStatus.PUBLISHED && l.photos().size() == 2);
        assertThat(all).extracting(ListingView::listingType).contains("stays", "lessons", "handmade", "equipment");
    }

    private UUID member(String name) {
        return accounts.register(new SignUp(Members.uniqueEmail("demo"), Members.PASSWORD, name), true);
    }
}
