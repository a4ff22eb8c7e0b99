package dev.souk.reviews;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.souk.infra.Timers;
import dev.souk.listings.ListingRatings;
import dev.souk.reviews.ReviewStore.Window;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import dev.souk.transactions.ReviewWindowOpened;
import dev.souk.transactions.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two-way double-blind reviews. The facade decides: who may review what and when, when a review
 * becomes public, and what the ratings are; {@link ReviewStore} reads and writes.
 */
@Service
public class Reviews {

    public static final int TEXT_MAX = 2000;
    public static final int REASON_MAX = 500;
    public static final int DEFAULT_LIMIT = 24;
    public static final int MAX_LIMIT = 100;
    /** How long both parties have to review each other after the transaction completed. */
    public static final Duration WINDOW = Duration.ofDays(14);
    /** The days of the window on which whoever hasn't reviewed yet is reminded. */
    static final List<Integer> REMINDER_DAYS = List.of(3, 10);

    static final String REMIND = "remind";
    static final String CLOSE = "close";

    private final ReviewStore store;
    private final Transactions transactions;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<Timers> timers;
    private final OneTimeTask<String> timerTask;
    private final Clock clock;

    Reviews(
            ReviewStore store,
            Transactions transactions,
            ApplicationEventPublisher events,
            ObjectProvider<Timers> timers,
            OneTimeTask<String> reviewTimerTask,
            Clock clock) {
        this.store = store;
        this.transactions = transactions;
        this.events = events;
        this.timers = timers;
        this.timerTask = reviewTimerTask;
        this.clock = clock;
    }

    // --- the window ------------------------------------------------------------------------------

    /** Opens the window once, however often the event is delivered, with its reminders and its close. */
    @ApplicationModuleListener
    void on(ReviewWindowOpened event) {
        Instant closes = event.at().plus(WINDOW);
        if (!store.openWindow(
                event.transactionId(), event.listingId(), event.customerId(), event.providerId(), event.at(), closes)) {
            return;
        }
        for (int day : REMINDER_DAYS) {
            schedule(event.transactionId(), day, REMIND, event.at().plus(Duration.ofDays(day)));
        }
        schedule(event.transactionId(), (int) WINDOW.toDays(), CLOSE, closes);
    }

    private void schedule(UUID transactionId, int day, String what, Instant due) {
        String data = transactionId + "|" + day + "|" + what;
        timers.getObject().transactional().scheduleIfNotExists(timerTask.instance(data, data), due);
    }

    /** A timer of a window: a reminder to whoever hasn't reviewed yet, or the close. */
    @Transactional
    void fireTimer(UUID transactionId, int day, String what) {
        Window window = store.lockWindow(transactionId).orElse(null);
        if (window == null || window.closedAt() != null) {
            return;
        }
        if (CLOSE.equals(what)) {
            close(window, clock.instant());
            return;
        }
        List<UUID> reviewed = store.ofTransaction(transactionId).stream()
                .map(ReviewView::authorId)
                .toList();
        for (UUID member : List.of(window.customerId(), window.providerId())) {
            if (!reviewed.contains(member)) {
                events.publishEvent(
                        new ReviewReminderDue(transactionId, member, window.other(member), day, window.closesAt()));
            }
        }
    }

    /** Publishes what was written and closes the window: both have reviewed, or its time ran out. */
    private void close(Window window, Instant now) {
        store.closeWindow(window.transactionId(), now);
        List<ReviewView> published = store.publish(window.transactionId(), now);
        for (ReviewView review : published) {
            events.publishEvent(new ReviewPublished(
                    review.id(),
                    review.transactionId(),
                    review.authorId(),
                    review.subjectId(),
                    review.listingId(),
                    review.rating(),
                    now));
            if (review.listingId() != null) {
                listingRatingChanged(review.listingId());
            }
        }
    }

    private void listingRatingChanged(UUID listingId) {
        Rating rating = store.listingRating(listingId);
        events.publishEvent(new ListingRatingChanged(listingId, rating.average(), rating.count()));
        events.publishEvent(new ListingRatings.Changed(listingId));
    }

    // --- writing ---------------------------------------------------------------------------------

    /**
     * The member's review of the other party of a completed transaction: 404 if they take no part in
     * it, 400 for a rating or text out of bounds, 422 if the transaction isn't completed, the window
     * closed or they reviewed already. Public at once if the other party had reviewed.
     */
    @Transactional
    public ReviewView write(UUID authorId, UUID transactionId, @Nullable Integer rating, @Nullable String text) {
        Window window = partyWindow(authorId, transactionId, true);
        List<FieldProblem> problems = new ArrayList<>();
        if (rating == null) {
            problems.add(new FieldProblem("rating", "validation.required"));
        } else if (rating < 1 || rating > 5) {
            problems.add(new FieldProblem("rating", "reviews.rating.range", 1, 5));
        }
        String body = null;
        try {
            body = checkText("text", text, TEXT_MAX);
        } catch (InvalidInput invalid) {
            problems.addAll(invalid.problems());
        }
        if (!problems.isEmpty() || rating == null || body == null) {
            throw new InvalidInput(problems);
        }
        Instant now = clock.instant();
        List<ReviewView> written = store.ofTransaction(transactionId);
        if (written.stream().anyMatch(r -> r.authorId().equals(authorId))) {
            throw Refusal.invalidState("reviews.already");
        }
        if (window.closedAt() != null || !now.isBefore(window.closesAt())) {
            throw Refusal.invalidState("reviews.window.closed");
        }
        UUID id = UUID.randomUUID();
        store.add(id, window, authorId, window.role(authorId), rating, body, now);
        if (!written.isEmpty()) {
            close(window, now);
        }
        return store.find(id).orElseThrow();
    }

    /**
     * The subject's one public answer to a public review of them: 404 if the caller can't see the
     * review, 403 if it isn't of them, 422 if they answered already.
     */
    @Transactional
    public ReviewView reply(UUID memberId, UUID reviewId, @Nullable String text) {
        ReviewView review = store.lock(reviewId)
                .filter(r -> visible(r, memberId, false))
                .orElseThrow(() -> Refusal.notFound("reviews.notFound"));
        if (!review.subjectId().equals(memberId)) {
            throw Refusal.forbidden("reviews.reply.notSubject");
        }
        String body = checkText("text", text, TEXT_MAX);
        if (!review.isPublic()) {
            throw Refusal.invalidState("reviews.reply.notPublic");
        }
        if (review.reply() != null) {
            throw Refusal.invalidState("reviews.reply.already");
        }
        store.reply(reviewId, body, clock.instant());
        return store.find(reviewId).orElseThrow();
    }

    /** An operator hides a review with a reason its author is told; it leaves the ratings. */
    @Transactional
    public ReviewView hide(UUID operatorId, UUID reviewId, @Nullable String reason) {
        ReviewView review = store.lock(reviewId).orElseThrow(() -> Refusal.notFound("reviews.notFound"));
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw InvalidInput.of("reason", "validation.required");
        }
        if (why.codePointCount(0, why.length()) > REASON_MAX) {
            throw InvalidInput.of("reason", "validation.length", 1, REASON_MAX);
        }
        if (!Text.oneLine(why)) {
            throw InvalidInput.of("reason", "validation.oneLine");
        }
        if (review.hiddenAt() != null) {
            throw Refusal.invalidState("reviews.hidden.already");
        }
        Instant now = clock.instant();
        store.hide(reviewId, operatorId, why, now);
        events.publishEvent(new ReviewHidden(reviewId, review.transactionId(), review.authorId(), why, now));
        if (review.isPublic() && review.listingId() != null) {
            listingRatingChanged(review.listingId());
        }
        return store.find(reviewId).orElseThrow();
    }

    // --- reading ---------------------------------------------------------------------------------

    /** The member's view of a completed transaction's reviews; 404 if they take no part in it, 422 if not completed. */
    @Transactional(readOnly = true)
    public ReviewWindow window(UUID memberId, UUID transactionId) {
        Window window = partyWindow(memberId, transactionId, false);
        ReviewView mine = null;
        ReviewView theirs = null;
        for (ReviewView review : store.ofTransaction(transactionId)) {
            if (review.authorId().equals(memberId)) {
                mine = review;
            } else if (review.isPublic()) {
                theirs = review;
            }
        }
        boolean open = window.closedAt() == null && clock.instant().isBefore(window.closesAt());
        return new ReviewWindow(
                transactionId,
                window.listingId(),
                memberId,
                window.other(memberId),
                window.role(memberId),
                window.openedAt(),
                window.closesAt(),
                open,
                mine,
                theirs);
    }

    /** One review, if the viewer may see it: public, or theirs, or any for operators. */
    @Transactional(readOnly = true)
    public ReviewView review(@Nullable UUID viewerId, boolean operator, UUID reviewId) {
        return store.find(reviewId)
                .filter(r -> visible(r, viewerId, operator))
                .orElseThrow(() -> Refusal.notFound("reviews.notFound"));
    }

    /** A listing's public reviews, newest first, with its rating. */
    @Transactional(readOnly = true)
    public ReviewPage ofListing(UUID listingId, @Nullable String cursor, int limit) {
        int size = size(limit);
        List<ReviewView> rows = store.ofListing(listingId, cursor(cursor), size + 1);
        return page(rows, size, store.listingRating(listingId));
    }

    /** The public reviews a member received, as customer and as provider, newest first, with their rating. */
    @Transactional(readOnly = true)
    public ReviewPage received(UUID memberId, @Nullable String cursor, int limit) {
        int size = size(limit);
        List<ReviewView> rows = store.received(memberId, cursor(cursor), size + 1);
        return page(rows, size, store.memberRating(memberId));
    }

    @Transactional(readOnly = true)
    public Rating listingRating(UUID listingId) {
        return store.listingRating(listingId);
    }

    @Transactional(readOnly = true)
    public Rating memberRating(UUID memberId) {
        return store.memberRating(memberId);
    }

    /**
     * The ratings of rated listings, by id, a batch at a time: those with ids after {@code after}
     * (none: from the first), at most {@code limit}.
     */
    @Transactional(readOnly = true)
    public List<ListingRating> listingRatings(@Nullable UUID after, int limit) {
        return store.listingRatings(after == null ? new UUID(0, 0) : after, limit);
    }

    /** The ratings of these listings, by listing; a listing without reviews has {@link Rating#NONE}. */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, Rating> listingRatings(java.util.Collection<UUID> listingIds) {
        java.util.Map<UUID, Rating> ratings = new java.util.HashMap<>();
        listingIds.forEach(id -> ratings.put(id, Rating.NONE));
        if (!listingIds.isEmpty()) {
            store.listingRatings(listingIds).forEach(r -> ratings.put(r.listingId(), r.rating()));
        }
        return ratings;
    }

    /** Every review, newest written first, waiting and hidden ones too: for operators. */
    @Transactional(readOnly = true)
    public ReviewPage recent(@Nullable String cursor, int limit) {
        int size = size(limit);
        List<ReviewView> rows = store.recent(cursor(cursor), size + 1);
        String next = rows.size() > size
                ? new ReviewCursor(
                                rows.get(size - 1).createdAt(),
                                rows.get(size - 1).id())
                        .encode()
                : null;
        return new ReviewPage(rows.subList(0, Math.min(size, rows.size())), next, Rating.NONE);
    }

    // --- internals -------------------------------------------------------------------------------

    /**
     * The window of a transaction the member takes part in. A transaction without one is theirs but
     * not completed (422), or not theirs or unknown (404), as the transactions module says.
     */
    private Window partyWindow(UUID memberId, UUID transactionId, boolean lock) {
        Window window = (lock ? store.lockWindow(transactionId) : store.window(transactionId)).orElse(null);
        if (window == null) {
            // throws 404 for someone else's or an unknown transaction
            transactions.transaction(memberId, false, transactionId);
            throw Refusal.invalidState("reviews.notCompleted");
        }
        if (!window.party(memberId)) {
            throw Refusal.notFound("reviews.transaction.notFound");
        }
        return window;
    }

    private static boolean visible(ReviewView review, @Nullable UUID viewerId, boolean operator) {
        return operator || review.isPublic() || review.authorId().equals(viewerId);
    }

    /** Trimmed, within bounds, with no control character but line breaks (CR LF made LF). */
    private static String checkText(String field, @Nullable String text, int max) {
        String body = text == null ? "" : text.replace("\r\n", "\n").strip();
        if (body.isEmpty()) {
            throw InvalidInput.of(field, "validation.required");
        }
        if (body.codePointCount(0, body.length()) > max) {
            throw InvalidInput.of(field, "validation.length", 1, max);
        }
        if (!Text.acceptable(body) || body.indexOf('\t') >= 0 || body.indexOf('\r') >= 0) {
            throw InvalidInput.of(field, "validation.characters");
        }
        return body;
    }

    private static int size(int limit) {
        return Math.max(1, Math.min(limit, MAX_LIMIT));
    }

    private static @Nullable ReviewCursor cursor(@Nullable String cursor) {
        return cursor == null || cursor.isBlank() ? null : ReviewCursor.parse(cursor);
    }

    private static ReviewPage page(List<ReviewView> rows, int size, Rating rating) {
        String next = null;
        if (rows.size() > size) {
            ReviewView last = rows.get(size - 1);
            next = new ReviewCursor(last.publishedAt(), last.id()).encode();
        }
        return new ReviewPage(rows.subList(0, Math.min(size, rows.size())), next, rating);
    }
}
