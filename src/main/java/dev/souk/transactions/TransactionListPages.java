package dev.souk.transactions;

import dev.souk.accounts.SignedInMember;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The lists of transactions: a member's trips and orders ({@code /trips}), their bookings and sales
 * ({@code /sales}, those waiting for them first), and the disputes operators resolve.
 */
@Controller
class TransactionListPages {

    /** States in which a sale waits for its provider: a request to answer, an order to ship. */
    private static final List<String> WAITING_FOR_PROVIDER = List.of("requested", "paid");

    private final Transactions transactions;
    private final DealWords words;

    TransactionListPages(Transactions transactions, DealWords words) {
        this.transactions = transactions;
        this.words = words;
    }

    // --- lists -----------------------------------------------------------------------------------

    @GetMapping("/trips")
    String trips(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        return list(me, false, List.of(), cursor, model);
    }

    @GetMapping("/sales")
    String sales(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        List<TransactionView> waiting = new ArrayList<>();
        if (cursor == null) {
            for (String state : WAITING_FOR_PROVIDER) {
                waiting.addAll(transactions
                        .list(me.id(), true, state, null, Transactions.MAX_LIMIT)
                        .items());
            }
            // the oldest request first: it expires first
            waiting.sort(Comparator.comparing(TransactionView::createdAt));
        }
        return list(me, true, waiting, cursor, model);
    }

    private String list(
            SignedInMember me,
            boolean asProvider,
            List<TransactionView> pending,
            @Nullable String cursor,
            Model model) {
        TransactionPage page = transactions.list(me.id(), asProvider, null, cursor, Transactions.DEFAULT_LIMIT);
        List<TransactionView> items = new ArrayList<>(page.items());
        items.removeIf(t -> pending.stream().anyMatch(p -> p.id().equals(t.id())));
        Map<UUID, String> names = new HashMap<>();
        for (List<TransactionView> list : List.of(pending, items)) {
            for (TransactionView t : list) {
                UUID other = asProvider ? t.customerId() : t.providerId();
                names.computeIfAbsent(other, words::name);
            }
        }
        model.addAttribute("asProvider", asProvider);
        model.addAttribute("pending", pending);
        model.addAttribute("items", items);
        model.addAttribute("names", names);
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("older", cursor != null);
        return "transactions/list";
    }

    // --- operators -------------------------------------------------------------------------------

    /** Disputed transactions of every member, for operators to resolve. */
    @GetMapping("/admin/transactions")
    String disputes(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        TransactionPage page = transactions.inState(me.id(), "disputed", cursor, Transactions.DEFAULT_LIMIT);
        Map<UUID, String> names = new HashMap<>();
        for (TransactionView t : page.items()) {
            names.computeIfAbsent(t.customerId(), words::name);
            names.computeIfAbsent(t.providerId(), words::name);
        }
        model.addAttribute("items", page.items());
        model.addAttribute("names", names);
        model.addAttribute("nextCursor", page.nextCursor());
        return "transactions/admin-disputes";
    }
}
