package dev.souk.listings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListingFeeKeyTest {

    @Test
    void aKeyIsTheLabelAsASlug() {
        assertThat(ListingFee.keyFor("Cleaning fee", new HashSet<>())).isEqualTo("cleaning-fee");
        assertThat(ListingFee.keyFor("  Ménage & linge — final!  ", new HashSet<>()))
                .isEqualTo("menage-linge-final");
    }

    @Test
    void aKeyStartsWithALetterAndIsNeverEmpty() {
        assertThat(ListingFee.keyFor("24h check-in", new HashSet<>())).isEqualTo("fee-24h-check-in");
        assertThat(ListingFee.keyFor("清洁费", new HashSet<>())).isEqualTo("fee");
    }

    @Test
    void aKeyIsAtMostThirtyCharactersAndEndsWithoutADash() {
        String key = ListingFee.keyFor("Deposit for the keys and the garden gate remote", new HashSet<>());
        assertThat(key).hasSizeLessThanOrEqualTo(30).doesNotEndWith("-").matches(ListingFee.KEY);
        assertThat(key).isEqualTo("deposit-for-the-keys-and-the-g");
    }

    @Test
    void aTakenKeyIsNumbered() {
        Set<String> taken = new HashSet<>(Set.of("cleaning"));
        assertThat(ListingFee.keyFor("Cleaning", taken)).isEqualTo("cleaning-2");
        assertThat(ListingFee.keyFor("cleaning", taken)).isEqualTo("cleaning-3");
        assertThat(taken).contains("cleaning-2", "cleaning-3");
        String longKey = "a".repeat(30);
        Set<String> full = new HashSet<>(Set.of(longKey));
        assertThat(ListingFee.keyFor(longKey, full)).isEqualTo("a".repeat(28) + "-2");
    }
}
