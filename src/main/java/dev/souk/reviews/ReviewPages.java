package dev.souk.reviews;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberProfile;
import dev.souk.accounts.SignedInMember;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.reviews.pages.ShownReview;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Review pages: the form of a party to a completed transaction, the reviews of a listing and of a
 * member (whole pages, and sections the listing page and the profile load), and the operator's list.
 */
@Controller
class ReviewPages {

    private static final int SECTION_SIZE = 6;
    private static final int PAGE_SIZE = 24;
    private static final int ADMIN_SIZE = 50;

    private final Reviews reviews;
    private final Accounts accounts;
    private final Listings listings;
    private final MessageSource messages;

    ReviewPages(Reviews reviews, Accounts accounts, Listings listings, MessageSource messages) {
        this.reviews = reviews;
        this.accounts = accounts;
        this.listings = listings;
        this.messages = messages;
    }

    // --- writing ---------------------------------------------------------------------------------

    @GetMapping("/transactions/{id}/review")
    String form(SignedInMember me, @PathVariable UUID id, Model model) {
        return form(model, reviews.window(me.id(), id), "", "", FormErrors.none(), null);
    }

    @PostMapping("/transactions/{id}/review")
    String write(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String rating,
            @RequestParam(defaultValue = "") String text,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ReviewWindow window = reviews.window(me.id(), id);
        try {
            reviews.write(me.id(), id, stars(rating), text);
            redirect.addFlashAttribute("notice", "reviews.form.saved");
            return "redirect:/transactions/" + id + "/review";
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return form(model, window, rating, text, FormErrors.of(invalid, messages, locale), null);
        } catch (Refusal refusal) {
            response.setStatus(refusal.kind().status());
            return form(
                    model,
                    reviews.window(me.id(), id),
                    rating,
                    text,
                    FormErrors.none(),
                    messages.getMessage(refusal.code(), refusal.args(), refusal.code(), locale));
        }
    }

    /** What the transaction page shows about reviewing it: a link, the viewer's review waiting, or nothing. */
    @GetMapping("/transactions/{id}/review/status")
    String status(SignedInMember me, @PathVariable UUID id, Model model) {
        ReviewWindow window;
        try {
            window = reviews.window(me.id(), id);
        } catch (Refusal notCompleted) {
            return "reviews/none";
        }
        model.addAttribute("window", window);
        model.addAttribute("otherName", name(window.otherId()));
        return "reviews/status";
    }

    private String form(
            Model model, ReviewWindow window, String rating, String text, FormErrors errors, @Nullable String failed) {
        model.addAttribute("window", window);
        model.addAttribute("otherName", name(window.otherId()));
        model.addAttribute("listingTitle", title(window.listingId()).orElse(""));
        model.addAttribute("mine", window.mine() == null ? null : shown(window.mine()));
        model.addAttribute("theirs", window.theirs() == null ? null : shown(window.theirs()));
        model.addAttribute("rating", rating);
        model.addAttribute("text", text);
        model.addAttribute("errors", errors);
        model.addAttribute("failed", failed);
        return "reviews/write";
    }

    /** A rating as the form sends it; anything but a small whole number is out of range. */
    private static @Nullable Integer stars(String rating) {
        String r = rating.strip();
        if (r.isEmpty()) {
            return null;
        }
        return r.length() == 1 && Character.isDigit(r.charAt(0)) ? r.charAt(0) - '0' : -1;
    }

    // --- reading ---------------------------------------------------------------------------------

    @GetMapping("/listings/{id}/reviews")
    String ofListing(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model) {
        ListingView listing = listings.find(id, null, false).orElseThrow(() -> Refusal.notFound("listings.notFound"));
        boolean section = "true".equals(htmx) && cursor == null;
        ReviewPage page = reviews.ofListing(id, cursor, section ? SECTION_SIZE : PAGE_SIZE);
        model.addAttribute("listing", listing);
        model.addAttribute("list", page);
        model.addAttribute("items", shown(page.items()));
        return section ? "reviews/listing-section" : "reviews/listing";
    }

    @GetMapping("/members/{id}/reviews")
    String received(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model) {
        MemberProfile member = accounts.profile(id).orElseThrow(() -> Refusal.notFound("accounts.unknownMember"));
        boolean section = "true".equals(htmx) && cursor == null;
        return received(
                model, member, cursor, section ? SECTION_SIZE : PAGE_SIZE, null, "", FormErrors.none(), section);
    }

    private String received(
            Model model,
            MemberProfile member,
            @Nullable String cursor,
            int size,
            @Nullable UUID replyTo,
            String replyText,
            FormErrors errors,
            boolean section) {
        ReviewPage page = reviews.received(member.id(), cursor, size);
        UUID viewer = SignedInMember.current().map(SignedInMember::id).orElse(null);
        model.addAttribute("member", member);
        model.addAttribute("list", page);
        model.addAttribute("items", shown(page.items()));
        model.addAttribute("mayReply", member.id().equals(viewer));
        model.addAttribute("replyTo", replyTo);
        model.addAttribute("replyText", replyText);
        model.addAttribute("errors", errors);
        return section ? "reviews/member-section" : "reviews/member";
    }

    @PostMapping("/reviews/{id}/reply")
    String reply(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String text,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            reviews.reply(me.id(), id, text);
            redirect.addFlashAttribute("notice", "reviews.reply.saved");
            return "redirect:/members/" + me.id() + "/reviews#review-" + id;
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            MemberProfile member = accounts.profile(me.id()).orElseThrow();
            return received(model, member, null, PAGE_SIZE, id, text, FormErrors.of(invalid, messages, locale), false);
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            MemberProfile member = accounts.profile(me.id()).orElseThrow();
            FormErrors errors = FormErrors.refused("text", refusal, messages, locale, response);
            return received(model, member, null, PAGE_SIZE, id, text, errors, false);
        }
    }

    // --- operators -------------------------------------------------------------------------------

    @GetMapping("/admin/reviews")
    String admin(@RequestParam(required = false) @Nullable String cursor, Model model) {
        return admin(model, cursor, null, "", FormErrors.none());
    }

    @PostMapping("/admin/reviews/{id}/hide")
    String hide(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String reason,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            reviews.hide(me.id(), id, reason);
            redirect.addFlashAttribute("notice", "reviews.admin.hidden");
            return "redirect:/admin/reviews";
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return admin(model, null, id, reason, FormErrors.of(invalid, messages, locale));
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            return admin(model, null, id, reason, FormErrors.refused("reason", refusal, messages, locale, response));
        }
    }

    private String admin(
            Model model, @Nullable String cursor, @Nullable UUID failedId, String reason, FormErrors errors) {
        ReviewPage page = reviews.recent(cursor, ADMIN_SIZE);
        model.addAttribute("list", page);
        model.addAttribute("items", shown(page.items()));
        model.addAttribute("failedId", failedId);
        model.addAttribute("reason", reason);
        model.addAttribute("errors", errors);
        return "reviews/admin";
    }

    // --- internals -------------------------------------------------------------------------------

    private List<ShownReview> shown(List<ReviewView> items) {
        Map<UUID, Optional<MemberProfile>> members = new HashMap<>();
        Map<UUID, Optional<String>> titles = new HashMap<>();
        return items.stream()
                .map(r -> shown(
                        r,
                        members.computeIfAbsent(r.authorId(), accounts::profile),
                        members.computeIfAbsent(r.subjectId(), accounts::profile),
                        r.listingId() == null ? Optional.empty() : titles.computeIfAbsent(r.listingId(), this::title)))
                .toList();
    }

    private ShownReview shown(ReviewView review) {
        return shown(List.of(review)).get(0);
    }

    private ShownReview shown(
            ReviewView review,
            Optional<MemberProfile> author,
            Optional<MemberProfile> subject,
            Optional<String> title) {
        Optional<MemberProfile> present = author.filter(p -> !p.deleted());
        return new ShownReview(
                review,
                present.map(MemberProfile::displayName).orElseGet(this::gone),
                present.map(MemberProfile::avatarThumbUrl).orElse(null),
                present.isPresent(),
                subject.filter(p -> !p.deleted())
                        .map(MemberProfile::displayName)
                        .orElseGet(this::gone),
                title.orElse(null));
    }

    private String name(UUID memberId) {
        return accounts.profile(memberId)
                .filter(p -> !p.deleted())
                .map(MemberProfile::displayName)
                .orElseGet(this::gone);
    }

    private String gone() {
        return messages.getMessage(
                "reviews.member.gone", null, org.springframework.context.i18n.LocaleContextHolder.getLocale());
    }

    private Optional<String> title(UUID listingId) {
        return listings.find(listingId, null, true).map(ListingView::title);
    }
}
