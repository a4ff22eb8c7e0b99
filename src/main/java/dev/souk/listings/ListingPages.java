package dev.souk.listings;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignedInMember;
import dev.souk.listings.pages.CalendarMonth;
import dev.souk.listings.pages.ListingForm;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceConfig;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Members' listing pages: drafting and editing, their own list, and the public listing page. About 500 lines
 * because it is twenty thin handlers of one editor (each parses a form, calls {@link Listings}, renders), whose
 * shared form handling would otherwise be spread over several controllers.
 */
@Controller
class ListingPages {

    private final Listings listings;
    private final ShownListings shownListings;
    private final Marketplace marketplace;
    private final Accounts accounts;
    private final MessageSource messages;
    private final Clock clock;

    ListingPages(
            Listings listings,
            ShownListings shownListings,
            Marketplace marketplace,
            Accounts accounts,
            MessageSource messages,
            Clock clock) {
        this.listings = listings;
        this.shownListings = shownListings;
        this.marketplace = marketplace;
        this.accounts = accounts;
        this.messages = messages;
        this.clock = clock;
    }

    // --- drafting --------------------------------------------------------------------------------

    @GetMapping("/listings/new")
    String newForm(SignedInMember me, Model model) {
        return newForm(model, "", "", "", FormErrors.none());
    }

    @PostMapping("/listings")
    String create(
            SignedInMember me,
            @RequestParam(defaultValue = "") String listingType,
            @RequestParam(defaultValue = "") String category,
            @RequestParam(defaultValue = "") String title,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        try {
            ListingView created = listings.create(me.id(), ListingDraft.of(listingType, category, title));
            return "redirect:/listings/" + created.id() + "/edit";
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return newForm(model, listingType, category, title, FormErrors.of(invalid, messages, locale));
        } catch (Refusal refusal) {
            FormErrors errors = FormErrors.refused("title", refusal, messages, locale, response);
            return newForm(model, listingType, category, title, errors);
        }
    }

    private String newForm(Model model, String listingType, String category, String title, FormErrors errors) {
        model.addAttribute("config", marketplace.config());
        model.addAttribute("listingType", listingType);
        model.addAttribute("category", category);
        model.addAttribute("title", title);
        model.addAttribute("errors", errors);
        return "listings/new";
    }

    @GetMapping("/listings/{id}/edit")
    String edit(SignedInMember me, @PathVariable UUID id, Model model) {
        ListingView listing = listings.own(me.id(), id);
        return editForm(model, listing, ListingForm.of(listing), FormErrors.none(), null);
    }

    @PostMapping("/listings/{id}/edit")
    String save(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam MultiValueMap<String, String> params,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ListingView listing = listings.own(me.id(), id);
        ListingForm form = ListingForm.of(params);
        try {
            listings.update(
                    me.id(),
                    id,
                    form.draft(listing.price() == null ? null : listing.price().currency()));
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return editForm(model, listing, form, FormErrors.of(invalid, messages, locale), null);
        }
        redirect.addFlashAttribute("notice", "listings.saved");
        return "redirect:/listings/" + id + "/edit";
    }

    private String editForm(
            Model model, ListingView listing, ListingForm form, FormErrors errors, @Nullable String problem) {
        MarketplaceConfig config = marketplace.config();
        model.addAttribute("listing", listing);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", problem);
        model.addAttribute("type", config.listingType(listing.listingType()).orElseThrow());
        model.addAttribute("config", config);
        model.addAttribute("customFields", config.fieldsFor(listing.listingType(), listing.category()));
        return "listings/edit";
    }

    // --- lifecycle -------------------------------------------------------------------------------

    @PostMapping("/listings/{id}/publish")
    String publish(
            SignedInMember me,
            @PathVariable UUID id,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            ListingView published = listings.publish(me.id(), id);
            redirect.addFlashAttribute(
                    "notice",
                    published.status() == ListingStatus.PENDING_APPROVAL ? "listings.submitted" : "listings.published");
            return "redirect:/listings/" + id;
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            response.setStatus(refusal.kind().status());
            ListingView listing = listings.own(me.id(), id);
            Map<String, String> fieldErrors = new LinkedHashMap<>();
            refusal.problems()
                    .forEach(p -> fieldErrors.putIfAbsent(
                            p.field(), messages.getMessage(p.code(), p.args(), p.code(), locale)));
            return editForm(
                    model,
                    listing,
                    ListingForm.of(listing),
                    new FormErrors(fieldErrors),
                    messages.getMessage(refusal.code(), refusal.args(), refusal.code(), locale));
        }
    }

    @PostMapping("/listings/{id}/close")
    String close(SignedInMember me, @PathVariable UUID id, RedirectAttributes redirect) {
        listings.close(me.id(), id);
        redirect.addFlashAttribute("notice", "listings.closed");
        return "redirect:/listings/mine";
    }

    @PostMapping("/listings/{id}/open")
    String open(SignedInMember me, @PathVariable UUID id, RedirectAttributes redirect) {
        listings.open(me.id(), id);
        redirect.addFlashAttribute("notice", "listings.opened");
        return "redirect:/listings/mine";
    }

    @PostMapping("/listings/{id}/delete")
    String delete(SignedInMember me, @PathVariable UUID id, RedirectAttributes redirect) {
        listings.delete(me.id(), id);
        redirect.addFlashAttribute("notice", "listings.deleted");
        return "redirect:/listings/mine";
    }

    @GetMapping("/listings/mine")
    String mine(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        ListingPage page = listings.mine(me.id(), cursor, Listings.DEFAULT_LIMIT);
        model.addAttribute("listings", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("config", marketplace.config());
        return "listings/mine";
    }

    // --- photos ----------------------------------------------------------------------------------

    @PostMapping("/listings/{id}/photos")
    String addPhoto(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect)
            throws IOException {
        ListingView listing = listings.own(me.id(), id);
        try (InputStream content = file == null ? InputStream.nullInputStream() : file.getInputStream()) {
            listings.addPhoto(me.id(), id, content);
            redirect.addFlashAttribute("notice", "listings.photos.added");
            return "redirect:/listings/" + id + "/edit#photos";
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return editForm(model, listing, ListingForm.of(listing), FormErrors.of(invalid, messages, locale), null);
        } catch (Refusal refusal) {
            FormErrors errors = FormErrors.refused("file", refusal, messages, locale, response);
            return editForm(model, listing, ListingForm.of(listing), errors, null);
        }
    }

    @PostMapping("/listings/{id}/photos/{photoId}/delete")
    String removePhoto(SignedInMember me, @PathVariable UUID id, @PathVariable UUID photoId) {
        listings.removePhoto(me.id(), id, photoId);
        return "redirect:/listings/" + id + "/edit#photos";
    }

    @PostMapping("/listings/{id}/photos/{photoId}/move")
    String movePhoto(SignedInMember me, @PathVariable UUID id, @PathVariable UUID photoId, @RequestParam int by) {
        listings.movePhoto(me.id(), id, photoId, by);
        return "redirect:/listings/" + id + "/edit#photos";
    }

    /** Where the drag-and-drop script sends the new order. */
    @PostMapping("/listings/{id}/photos/order")
    String reorder(SignedInMember me, @PathVariable UUID id, @RequestParam List<UUID> photoIds) {
        listings.reorderPhotos(me.id(), id, photoIds);
        return "redirect:/listings/" + id + "/edit#photos";
    }

    // --- the public page -------------------------------------------------------------------------

    @GetMapping("/listings/{id}")
    String show(@PathVariable UUID id, @RequestParam(required = false) @Nullable String month, Model model) {
        Viewer viewer = Viewer.current(accounts);
        ShownListings.Page page = shownListings
                .shown(id, viewer, askedMonth(month))
                .orElseThrow(() -> Refusal.notFound("listings.notFound"));
        Listings.Shown shown = page.shown();
        ListingView listing = shown.listing();
        MarketplaceConfig config = marketplace.config();
        ListingType type = config.listingType(listing.listingType()).orElseThrow();
        model.addAttribute("listing", listing);
        model.addAttribute("type", type);
        model.addAttribute("config", config);
        model.addAttribute("customFields", config.fieldsFor(listing.listingType(), listing.category()));
        model.addAttribute("owner", viewer.owns(listing));
        model.addAttribute("provider", shown.provider().orElse(null));
        model.addAttribute("rating", page.rating());
        model.addAttribute(
                "calendar",
                shown.month() == null ? null : calendar(listing, shown.month(), shown.days(), List.of(), false));
        return "listings/show";
    }

    @GetMapping("/listings/{id}/calendar")
    String calendarFragment(
            @PathVariable UUID id, @RequestParam(required = false) @Nullable String month, Model model) {
        Viewer viewer = Viewer.current(accounts);
        ListingView listing = listings.find(id, viewer.id(), viewer.operator())
                .orElseThrow(() -> Refusal.notFound("listings.notFound"));
        model.addAttribute("calendar", calendar(listing, viewer, parseMonth(month, listing), false));
        return "listings/calendar";
    }

    // --- availability (owner) --------------------------------------------------------------------

    @GetMapping("/listings/{id}/availability")
    String availability(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String month,
            Model model) {
        ListingView listing = listings.own(me.id(), id);
        return availabilityPage(model, me, listing, parseMonth(month, listing), FormErrors.none());
    }

    @PostMapping("/listings/{id}/availability")
    String savePlan(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam MultiValueMap<String, String> params,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ListingView listing = listings.own(me.id(), id);
        List<WeeklyPlan.OpenDay> days = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            String key = day.name().toLowerCase(Locale.ROOT);
            if (params.getFirst(key + ".open") == null) {
                continue;
            }
            Integer seats = FormValues.integer(params.getFirst(key + ".seats"), key + ".seats", problems);
            LocalTime opens = FormValues.time(params.getFirst(key + ".opens"), key + ".opens", problems);
            LocalTime closes = FormValues.time(params.getFirst(key + ".closes"), key + ".opens", problems);
            days.add(new WeeklyPlan.OpenDay(day, opens, closes, seats == null ? 1 : seats));
        }
        try {
            if (!problems.isEmpty()) {
                throw new InvalidInput(problems);
            }
            listings.setWeeklyPlan(me.id(), id, days);
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            List<FieldProblem> named = invalid.problems().stream()
                    .map(p -> new FieldProblem(planField(p.field(), days), p.code(), p.args()))
                    .toList();
            return availabilityPage(
                    model,
                    me,
                    listing,
                    parseMonth(null, listing),
                    FormErrors.of(new InvalidInput(named), messages, locale));
        }
        redirect.addFlashAttribute("notice", "listings.plan.saved");
        return "redirect:/listings/" + id + "/availability";
    }

    @PostMapping("/listings/{id}/availability/exceptions")
    String addException(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String start,
            @RequestParam(defaultValue = "") String end,
            @RequestParam(defaultValue = "0") String seats,
            @RequestParam(required = false) @Nullable String month,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        ListingView listing = listings.own(me.id(), id);
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate from = FormValues.date(start, "start", problems);
        LocalDate to = end.isBlank() ? from : FormValues.date(end, "end", problems);
        Integer count = FormValues.integer(seats, "seats", problems);
        FormErrors errors = FormErrors.none();
        try {
            if (!problems.isEmpty()) {
                throw new InvalidInput(problems);
            }
            listings.addException(me.id(), id, from, to, count == null ? 0 : count);
        } catch (InvalidInput invalid) {
            response.setStatus(htmx == null ? 400 : 200);
            errors = FormErrors.of(invalid, messages, locale);
        }
        YearMonth shown = from != null ? YearMonth.from(from) : parseMonth(month, listing);
        if (htmx != null) {
            return ownerCalendar(model, me, listing, shown, errors);
        }
        if (errors.any()) {
            return availabilityPage(model, me, listing, shown, errors);
        }
        return "redirect:/listings/" + id + "/availability?month=" + shown;
    }

    @PostMapping("/listings/{id}/availability/exceptions/{exceptionId}/delete")
    String removeException(
            SignedInMember me,
            @PathVariable UUID id,
            @PathVariable UUID exceptionId,
            @RequestParam(required = false) @Nullable String month,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model) {
        ListingView listing = listings.own(me.id(), id);
        listings.removeException(me.id(), id, exceptionId);
        YearMonth shown = parseMonth(month, listing);
        if (htmx != null) {
            return ownerCalendar(model, me, listing, shown, FormErrors.none());
        }
        return "redirect:/listings/" + id + "/availability?month=" + shown;
    }

    @GetMapping("/listings/{id}/availability/calendar")
    String ownerCalendarFragment(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String month,
            Model model) {
        ListingView listing = listings.own(me.id(), id);
        return ownerCalendar(model, me, listing, parseMonth(month, listing), FormErrors.none());
    }

    private String availabilityPage(
            Model model, SignedInMember me, ListingView listing, YearMonth month, FormErrors errors) {
        model.addAttribute("plan", listings.weeklyPlan(listing.id(), me.id(), false));
        model.addAttribute(
                "type", marketplace.listingType(listing.listingType()).orElseThrow());
        ownerCalendar(model, me, listing, month, errors);
        return "listings/availability";
    }

    private String ownerCalendar(
            Model model, SignedInMember me, ListingView listing, YearMonth month, FormErrors errors) {
        model.addAttribute("listing", listing);
        model.addAttribute("calendar", calendar(listing, new Viewer(me.id(), false), month, true));
        model.addAttribute(
                "exceptions",
                listings.exceptions(
                        me.id(),
                        listing.id(),
                        month.atDay(1).minusMonths(1),
                        month.atEndOfMonth().plusYears(1)));
        model.addAttribute("errors", errors);
        return "listings/owner-calendar";
    }

    private CalendarMonth calendar(ListingView listing, Viewer viewer, YearMonth month, boolean owner) {
        LocalDate first = month.atDay(1);
        List<DayAvailability> days = listings.availability(
                listing.id(),
                viewer.id(),
                viewer.operator(),
                first,
                month.plusMonths(1).atDay(1));
        List<AvailabilityException> exceptions =
                owner ? listings.exceptions(viewer.id(), listing.id(), first, month.atEndOfMonth()) : List.of();
        return calendar(listing, month, days, exceptions, owner);
    }

    private static CalendarMonth calendar(
            ListingView listing,
            YearMonth month,
            List<DayAvailability> days,
            List<AvailabilityException> exceptions,
            boolean owner) {
        LocalDate first = month.atDay(1);
        LocalDate start = first.minusDays(first.getDayOfWeek().getValue() - 1L);
        List<List<CalendarMonth.Day>> weeks = new ArrayList<>();
        for (LocalDate weekStart = start;
                !weekStart.isAfter(month.atEndOfMonth());
                weekStart = weekStart.plusWeeks(1)) {
            List<CalendarMonth.Day> week = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                LocalDate date = weekStart.plusDays(i);
                if (!YearMonth.from(date).equals(month)) {
                    week.add(null);
                    continue;
                }
                DayAvailability day = days.get(date.getDayOfMonth() - 1);
                week.add(new CalendarMonth.Day(
                        date, day.seats(), exceptions.stream().anyMatch(e -> e.covers(date))));
            }
            weeks.add(week);
        }
        String base = owner
                ? "/listings/" + listing.id() + "/availability/calendar"
                : "/listings/" + listing.id() + "/calendar";
        return new CalendarMonth(month, weeks, base, owner);
    }

    private YearMonth parseMonth(@Nullable String month, ListingView listing) {
        YearMonth asked = askedMonth(month);
        return asked != null ? asked : YearMonth.from(LocalDate.ofInstant(clock.instant(), listing.timeZone()));
    }

    /** The month a link asks for; null for none, and for an odd one, which is no reason to fail a page. */
    private static @Nullable YearMonth askedMonth(@Nullable String month) {
        try {
            return month == null ? null : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String planField(String field, List<WeeklyPlan.OpenDay> days) {
        // the facade names days by their place in the list; the form by the day's name
        if (field.startsWith("days[")) {
            int index = Integer.parseInt(field.substring(5, field.indexOf(']')));
            return days.get(index).day().name().toLowerCase(Locale.ROOT) + field.substring(field.indexOf(']') + 1);
        }
        return field;
    }
}
