package dev.souk.listings;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignedInMember;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Money;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The listings part of the JSON API: drafts, photos and the lifecycle; availability and stock are {@link
 * ListingCalendarApi}'s. Search ({@code GET /api/v1/listings}) belongs to the search module.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Listings", description = "Members' listings: drafts, photos, availability, stock, publishing")
class ListingsApi {

    private final Listings listings;
    private final Accounts accounts;
    private final ObjectProvider<ListingRatings> ratings;

    ListingsApi(Listings listings, Accounts accounts, ObjectProvider<ListingRatings> ratings) {
        this.listings = listings;
        this.accounts = accounts;
        this.ratings = ratings;
    }

    // --- JSON shapes (the API description's Listing) ---------------------------------------------

    record MoneyJson(@Nullable Long amount, @Nullable String currency) {
        static MoneyJson of(Money money) {
            return new MoneyJson(money.amount(), money.currency().getCurrencyCode());
        }
    }

    record LocationJson(
            @Nullable String address,
            @Nullable Double latitude,
            @Nullable Double longitude) {}

    record RulesJson(
            @Nullable Integer minDuration,
            @Nullable Integer maxDuration,
            @Nullable Integer advanceNoticeDays,
            @Nullable String cancellationPolicy,
            @Nullable String houseRules) {}

    record PhotoJson(UUID id, String url, String thumbnailUrl) {}

    record ListingFeeJson(String key, String label, MoneyJson amount) {}

    /** A fee as a member sets it; without a key, one is made from the label. */
    record ListingFeeInJson(
            @Nullable String key,
            @Nullable String label,
            @Nullable MoneyJson amount,
            @Hidden @JsonAnySetter @Nullable Map<String, Object> unknown) {}

    record RatingJson(@Nullable BigDecimal average, int count) {}

    record ListingJson(
            UUID id,
            UUID ownerId,
            String listingType,
            String category,
            String title,
            String description,
            Map<String, Object> fields,
            @Nullable MoneyJson price,
            List<ListingFeeJson> fees,
            @Nullable String unit,
            String timeZone,
            @Nullable LocationJson location,
            List<PhotoJson> photos,
            boolean instantBook,
            int seats,
            @Nullable Integer stock,
            RulesJson rules,
            String status,
            @Nullable String rejectionReason,
            Instant createdAt,
            @Nullable Instant publishedAt,
            RatingJson rating) {

        static ListingJson of(ListingView l, boolean forOwner, RatingJson rating) {
            Rules r = l.rules();
            return new ListingJson(
                    l.id(),
                    l.ownerId(),
                    l.listingType(),
                    l.category(),
                    l.title(),
                    l.description(),
                    l.fields(),
                    l.price() == null ? null : MoneyJson.of(l.price()),
                    l.fees().stream()
                            .map(f -> new ListingFeeJson(f.key(), f.label(), MoneyJson.of(f.amount())))
                            .toList(),
                    l.unit(),
                    l.timeZone().getId(),
                    l.location() == null
                            ? null
                            : new LocationJson(
                                    l.location().address(),
                                    l.location().latitude(),
                                    l.location().longitude()),
                    l.photos().stream()
                            .map(p -> new PhotoJson(p.id(), p.url(), p.thumbnailUrl()))
                            .toList(),
                    l.instantBook(),
                    l.seats(),
                    l.stock(),
                    new RulesJson(
                            r.minDuration(),
                            r.maxDuration(),
                            r.advanceNoticeDays(),
                            r.cancellationPolicy().key(),
                            r.houseRules()),
                    l.status().key(),
                    forOwner ? l.rejectionReason() : null,
                    l.createdAt(),
                    l.publishedAt(),
                    rating);
        }
    }

    /**
     * What a member may set. Properties not listed here are collected and refused (400): Souk's JSON
     * reader ignores unknown properties by default, and a misspelt one silently dropped would be worse.
     */
    record ListingInJson(
            @Nullable String listingType,
            @Nullable String category,
            @Nullable String title,
            @Nullable String description,
            @Nullable Map<String, Object> fields,
            @Nullable MoneyJson price,
            @Nullable LocationJson location,
            @Nullable String timeZone,
            @Nullable Boolean instantBook,
            @Nullable Integer seats,
            @Nullable RulesJson rules,
            @Nullable List<ListingFeeInJson> fees,
            @Hidden @JsonAnySetter @Nullable Map<String, Object> unknown) {}

    record ListPageJson(List<ListingJson> items, @Nullable String nextCursor) {}

    record PhotoOrderJson(
            @Nullable List<UUID> photoIds,
            @Hidden @JsonAnySetter @Nullable Map<String, Object> unknown) {}

    // --- listings --------------------------------------------------------------------------------

    @PostMapping("/listings")
    @Operation(summary = "Start a draft listing (listingType, category and title needed)")
    @ApiResponse(responseCode = "201", description = "The draft")
    ResponseEntity<ListingJson> create(SignedInMember me, @RequestBody ListingInJson body) {
        ListingView created = listings.create(me.id(), draft(body));
        return ResponseEntity.created(URI.create("/api/v1/listings/" + created.id()))
                .body(json(created, true));
    }

    @GetMapping("/listings/{id}")
    @Operation(summary = "A published listing, or one's own in any state")
    ListingJson get(@PathVariable UUID id) {
        Viewer viewer = Viewer.current(accounts);
        ListingView listing = listings.find(id, viewer.id(), viewer.operator())
                .orElseThrow(() -> dev.souk.shared.Refusal.notFound("listings.notFound"));
        return json(listing, viewer.owns(listing) || viewer.operator());
    }

    @PatchMapping("/listings/{id}")
    @Operation(summary = "Change one's listing; absent properties stay as they are")
    ListingJson patch(SignedInMember me, @PathVariable UUID id, @RequestBody ListingInJson body) {
        return json(listings.update(me.id(), id, draft(body)), true);
    }

    @PostMapping("/listings/{id}/publish")
    @Operation(summary = "Publish a draft (or send it for approval); 422 names each missing field")
    @ApiResponse(responseCode = "200", description = "The listing, published or waiting for approval")
    @ApiResponse(responseCode = "403", description = "The owner's email is not verified yet")
    @ApiResponse(responseCode = "422", description = "Not a draft, or incomplete: `errors` names each missing field")
    ListingJson publish(SignedInMember me, @PathVariable UUID id) {
        return json(listings.publish(me.id(), id), true);
    }

    @PostMapping("/listings/{id}/close")
    @Operation(summary = "Close a published listing")
    @ApiResponse(responseCode = "200", description = "The closed listing")
    @ApiResponse(responseCode = "422", description = "Neither published nor waiting for approval")
    ListingJson close(SignedInMember me, @PathVariable UUID id) {
        return json(listings.close(me.id(), id), true);
    }

    @PostMapping("/listings/{id}/open")
    @Operation(summary = "Publish a closed listing again")
    @ApiResponse(responseCode = "200", description = "The listing, published or waiting for approval")
    @ApiResponse(responseCode = "403", description = "The owner's email is not verified yet")
    @ApiResponse(responseCode = "422", description = "Not closed, or incomplete: `errors` names each missing field")
    ListingJson open(SignedInMember me, @PathVariable UUID id) {
        return json(listings.open(me.id(), id), true);
    }

    @DeleteMapping("/listings/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a listing for good")
    void delete(SignedInMember me, @PathVariable UUID id) {
        listings.delete(me.id(), id);
    }

    @GetMapping("/me/listings")
    @Operation(summary = "One's own listings, newest first")
    ListPageJson mine(
            SignedInMember me,
            @RequestParam(defaultValue = "24") int limit,
            @RequestParam(required = false) @Nullable String cursor) {
        if (limit < 1 || limit > Listings.MAX_LIMIT) {
            throw InvalidInput.of("limit", "listings.limit", Listings.MAX_LIMIT);
        }
        ListingPage page = listings.mine(me.id(), cursor, limit);
        Map<UUID, RatingJson> rated =
                rated(page.items().stream().map(ListingView::id).toList());
        return new ListPageJson(
                page.items().stream()
                        .map(l -> ListingJson.of(l, true, rated.get(l.id())))
                        .toList(),
                page.nextCursor());
    }

    // --- photos ----------------------------------------------------------------------------------

    @PostMapping(value = "/listings/{id}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Add a photo (JPEG, PNG or WebP, up to 10 MB) in the part named file; at most 20")
    @ApiResponse(responseCode = "201", description = "The photo")
    @ApiResponse(responseCode = "422", description = "The listing has 20 photos already")
    ResponseEntity<PhotoJson> addPhoto(
            SignedInMember me, @PathVariable UUID id, @RequestPart("file") MultipartFile file) throws IOException {
        try (InputStream content = file.getInputStream()) {
            ListingPhoto photo = listings.addPhoto(me.id(), id, content);
            return ResponseEntity.created(URI.create("/api/v1/listings/" + id + "/photos/" + photo.id()))
                    .body(new PhotoJson(photo.id(), photo.url(), photo.thumbnailUrl()));
        }
    }

    @DeleteMapping("/listings/{id}/photos/{photoId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a photo")
    @ApiResponse(responseCode = "422", description = "The last photo of a listing that is not a draft and needs photos")
    void removePhoto(SignedInMember me, @PathVariable UUID id, @PathVariable UUID photoId) {
        listings.removePhoto(me.id(), id, photoId);
    }

    @PutMapping("/listings/{id}/photos/order")
    @Operation(summary = "Reorder the photos: photoIds names each photo once, the cover first")
    ListingJson reorder(SignedInMember me, @PathVariable UUID id, @RequestBody PhotoOrderJson body) {
        refuseUnknown(body.unknown());
        return json(listings.reorderPhotos(me.id(), id, body.photoIds() == null ? List.of() : body.photoIds()), true);
    }

    // --- mapping ---------------------------------------------------------------------------------

    private static ListingDraft draft(ListingInJson body) {
        refuseUnknown(body.unknown());
        List<FieldProblem> problems = new ArrayList<>();
        Money price = null;
        if (body.price() != null) {
            price = money(body.price(), "price", "listings.price.invalid", problems);
        }
        List<ListingFee> fees = body.fees() == null ? null : fees(body.fees(), problems);
        Location location = null;
        if (body.location() != null) {
            LocationJson l = body.location();
            if (l.latitude() == null) {
                problems.add(new FieldProblem("location.latitude", "validation.required"));
            }
            if (l.longitude() == null) {
                problems.add(new FieldProblem("location.longitude", "validation.required"));
            }
            if (l.latitude() != null && l.longitude() != null) {
                location = new Location(l.address() == null ? "" : l.address(), l.latitude(), l.longitude());
            }
        }
        Rules rules = null;
        if (body.rules() != null) {
            RulesJson r = body.rules();
            CancellationPolicy policy = CancellationPolicy.FLEXIBLE;
            if (r.cancellationPolicy() != null) {
                try {
                    policy = CancellationPolicy.ofKey(r.cancellationPolicy());
                } catch (IllegalArgumentException e) {
                    problems.add(new FieldProblem("rules.cancellationPolicy", "listings.rules.policy"));
                }
            }
            rules = new Rules(
                    r.minDuration(),
                    r.maxDuration(),
                    r.advanceNoticeDays() == null ? 0 : r.advanceNoticeDays(),
                    policy,
                    r.houseRules() == null ? "" : r.houseRules());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return new ListingDraft(
                body.listingType(),
                body.category(),
                body.title(),
                body.description(),
                body.fields() == null ? null : new LinkedHashMap<>(body.fields()),
                price,
                location,
                body.timeZone(),
                body.instantBook(),
                body.seats(),
                rules,
                fees);
    }

    private static List<ListingFee> fees(List<@Nullable ListingFeeInJson> given, List<FieldProblem> problems) {
        if (given.size() > Listings.MAX_FEES) {
            // refused before any is looked at; the facade says the same of fees from elsewhere
            problems.add(new FieldProblem("fees", "listings.fees.tooMany", Listings.MAX_FEES));
            return List.of();
        }
        List<ListingFee> fees = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String name = "fees[" + i + "]";
            ListingFeeInJson fee = given.get(i);
            if (fee == null) {
                problems.add(new FieldProblem(name, "listings.fees.invalid"));
                continue;
            }
            if (fee.unknown() != null) {
                fee.unknown()
                        .keySet()
                        .forEach(key -> problems.add(new FieldProblem(name + "." + key, "listings.unknownProperty")));
            }
            Money amount = null;
            if (fee.amount() == null) {
                problems.add(new FieldProblem(name + ".amount", "listings.fees.invalid"));
            } else {
                amount = money(fee.amount(), name + ".amount", "listings.fees.invalid", problems);
            }
            if (amount != null) {
                fees.add(new ListingFee(
                        fee.key() == null ? "" : fee.key(), fee.label() == null ? "" : fee.label(), amount));
            }
        }
        return fees;
    }

    private static @Nullable Money money(MoneyJson json, String field, String invalid, List<FieldProblem> problems) {
        if (json.amount() == null || json.currency() == null) {
            problems.add(new FieldProblem(field, invalid));
            return null;
        }
        String code = json.currency().strip().toUpperCase(Locale.ROOT);
        try {
            return new Money(json.amount(), Currency.getInstance(code));
        } catch (IllegalArgumentException e) {
            // named in the answer only when it is short enough to be a code at all
            problems.add(
                    code.length() == 3
                            ? new FieldProblem(field, "listings.price.currency", code)
                            : new FieldProblem(field, invalid));
            return null;
        }
    }

    static void refuseUnknown(@Nullable Map<String, Object> unknown) {
        if (unknown != null && !unknown.isEmpty()) {
            throw new InvalidInput(unknown.keySet().stream()
                    .map(key -> new FieldProblem(key, "listings.unknownProperty"))
                    .toList());
        }
    }

    private ListingJson json(ListingView listing, boolean forOwner) {
        return ListingJson.of(listing, forOwner, rated(List.of(listing.id())).get(listing.id()));
    }

    /** The ratings of these listings, as the reviews module has them; none without reviews. */
    private Map<UUID, RatingJson> rated(List<UUID> ids) {
        Map<UUID, ListingRatings.Rated> found = new java.util.HashMap<>();
        ListingRatings source = ratings.getIfAvailable();
        if (source != null && !ids.isEmpty()) {
            found.putAll(source.of(ids));
        }
        Map<UUID, RatingJson> shown = new java.util.HashMap<>();
        for (UUID id : ids) {
            ListingRatings.Rated r = found.get(id);
            shown.put(id, r == null ? new RatingJson(null, 0) : new RatingJson(r.average(), r.count()));
        }
        return shown;
    }
}
