package dev.souk.transactions;

import dev.souk.listings.BookedSeats;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** What the listings module subtracts from availability: the seats active bookings hold. */
@Component
class StoredBookedSeats implements BookedSeats {

    private final TransactionStore store;

    StoredBookedSeats(TransactionStore store) {
        this.store = store;
    }

    @Override
    public Map<LocalDateTime, Integer> taken(UUID listingId, LocalDateTime from, LocalDateTime to) {
        return store.taken(listingId, from, to);
    }
}
