package dev.souk.reviews;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.accounts.SignedInMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The reviews part of the JSON API: writing and answering reviews, and the public lists with their ratings. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Reviews", description = "Two-way double-blind reviews after a completed booking or order, and ratings")
class ReviewsApi {

    private final Reviews reviews;
    private final Accounts accounts;
    private final MessageSource messages;

    ReviewsApi(Reviews reviews, Accounts accounts, MessageSource messages) {
        this.reviews = reviews;
        this.accounts = accounts;
        this.messages = messages;
    }

    // --- JSON shapes (the API description, /api/openapi.json, is made from them) -----------------

    @Schema(name = "ReviewMember")
    record MemberJson(UUID id, String displayName, @Nullable String avatarUrl) {}

    @Schema(name = "ReviewReply")
    record ReplyJson(String text, Instant at) {}

    @Schema(name = "ReviewRating")
    record RatingJson(@Nullable BigDecimal average, int count) {
        static RatingJson of(Rating rating) {
            return new RatingJson(rating.average(), rating.count());
        }
    }

    @Schema(name = "Review")
    record ReviewJson(
            UUID id,
            UUID transactionId,
            MemberJson author,
            MemberJson subject,

            @Schema(
                    description = "The side of the transaction the author was on",
                    allowableValues = {"customer", "provider"})
            String authorRole,

            @Schema(description = "The listing a customer's review also rates") @Nullable
            UUID listingId,

            int rating,
            String text,
            @Nullable ReplyJson reply,

            @Schema(
                    description = "waiting: only its author sees it until the other party has reviewed or the"
                            + " window closes; published; hidden by an operator (its author and operators see it)",
                    allowableValues = {"waiting", "published", "hidden"})
            String state,

            @Nullable String hiddenReason,
            Instant createdAt,
            @Nullable Instant publishedAt) {}

    @Schema(name = "ReviewList")
    record PageJson(List<ReviewJson> items, @Nullable String nextCursor, RatingJson rating) {}

    @Schema(name = "TransactionReviews")
    record WindowJson(
            UUID transactionId,
            String role,
            MemberJson other,
            Instant closesAt,
            boolean open,
            boolean mayReview,
            @Nullable ReviewJson mine,
            @Nullable ReviewJson theirs) {}

    record ReviewBody(@Nullable Integer rating, @Nullable String text) {}

    @Schema(name = "ReplyBody")
    record ReplyBody(@Nullable String text) {}

    // --- writing ---------------------------------------------------------------------------------

    @PostMapping("/transactions/{id}/reviews")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Reviews the other party of a completed booking or order", description = """
                    Within 14 days of completion, each party reviews the other once: `rating` 1 to 5 and `text` \
                    of 1 to 2,000 characters. Double-blind: the review stays `waiting` (only its author sees it) \
                    until the other party has reviewed too or the window closes; then both are `published`. A \
                    customer's review also rates the listing. Send an `Idempotency-Key`: a retry returns the first \
                    answer.""")
    @ApiResponse(responseCode = "201", description = "The review, as its author sees it")
    @ApiResponse(responseCode = "400", description = "The rating or text is missing or out of bounds")
    @ApiResponse(responseCode = "404", description = "No such transaction of the caller's")
    @ApiResponse(
            responseCode = "422",
            description = "The transaction is not completed, the window closed, or the caller reviewed already")
    ReviewJson write(SignedInMember me, @PathVariable UUID id, @RequestBody ReviewBody body) {
        return json(reviews.write(me.id(), id, body.rating(), body.text()));
    }

    @GetMapping("/transactions/{id}/reviews")
    @Operation(
            summary = "The reviews of a completed transaction as one of its parties sees them: their own, the"
                    + " other's once public, and whether they may still review")
    WindowJson window(SignedInMember me, @PathVariable UUID id) {
        ReviewWindow w = reviews.window(me.id(), id);
        return new WindowJson(
                w.transactionId(),
                w.viewerRole().key(),
                member(w.otherId()),
                w.closesAt(),
                w.open(),
                w.mayReview(),
                w.mine() == null ? null : json(w.mine()),
                w.theirs() == null ? null : json(w.theirs()));
    }

    @PostMapping("/reviews/{id}/reply")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Answers a public review of the caller, once, publicly (1 to 2,000 characters)",
            description = "Send an `Idempotency-Key`: a retry returns the first answer.")
    @ApiResponse(responseCode = "201", description = "The review with its reply")
    @ApiResponse(responseCode = "403", description = "The review is not of the caller")
    @ApiResponse(responseCode = "404", description = "No such review the caller may see")
    @ApiResponse(responseCode = "422", description = "Answered already")
    ReviewJson reply(SignedInMember me, @PathVariable UUID id, @RequestBody ReplyBody body) {
        return json(reviews.reply(me.id(), id, body.text()));
    }

    // --- reading ---------------------------------------------------------------------------------

    @GetMapping("/reviews/{id}")
    @Operation(
            summary = "One review: a public one, or the caller's own (404 for another member's waiting or hidden one)")
    ReviewJson review(@PathVariable UUID id) {
        UUID viewer = SignedInMember.current().map(SignedInMember::id).orElse(null);
        boolean operator = viewer != null
                && accounts.account(viewer).filter(MemberAccount::operator).isPresent();
        return json(reviews.review(viewer, operator, id));
    }

    @GetMapping("/listings/{id}/reviews")
    @Operation(summary = "A listing's public reviews (by its customers), newest first, with its rating")
    PageJson ofListing(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "" + Reviews.DEFAULT_LIMIT) int limit) {
        return json(reviews.ofListing(id, cursor, limit));
    }

    @GetMapping("/members/{id}/reviews")
    @Operation(
            summary = "The public reviews a member received, as customer and as provider, newest first, with their"
                    + " rating")
    PageJson received(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "" + Reviews.DEFAULT_LIMIT) int limit) {
        accounts.profile(id).orElseThrow(() -> dev.souk.shared.Refusal.notFound("accounts.unknownMember"));
        return json(reviews.received(id, cursor, limit));
    }

    // --- mapping ---------------------------------------------------------------------------------

    private PageJson json(ReviewPage page) {
        return new PageJson(
                page.items().stream().map(this::json).toList(), page.nextCursor(), RatingJson.of(page.rating()));
    }

    private ReviewJson json(ReviewView r) {
        return new ReviewJson(
                r.id(),
                r.transactionId(),
                member(r.authorId()),
                member(r.subjectId()),
                r.authorRole().key(),
                r.listingId(),
                r.rating(),
                r.text(),
                r.reply() == null || r.repliedAt() == null ? null : new ReplyJson(r.reply(), r.repliedAt()),
                r.state().key(),
                r.hiddenReason(),
                r.createdAt(),
                r.publishedAt());
    }

    private MemberJson member(UUID id) {
        return accounts.profile(id)
                .filter(p -> !p.deleted())
                .map(p -> new MemberJson(p.id(), p.displayName(), p.avatarThumbUrl()))
                .orElseGet(() -> new MemberJson(
                        id, messages.getMessage("reviews.member.gone", null, LocaleContextHolder.getLocale()), null));
    }
}
