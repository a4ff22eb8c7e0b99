package dev.souk.notifications;

import dev.souk.accounts.SignedInMember;
import dev.souk.shared.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The notifications part of the JSON API. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Notifications", description = "What the signed-in member was told, and which mails they get")
class NotificationsApi {

    private final Notifications notifications;

    NotificationsApi(Notifications notifications) {
        this.notifications = notifications;
    }

    /** A notification as the API shows it; {@code link} is absolute. */
    record NotificationJson(
            UUID id,
            String category,
            String title,
            String text,
            String link,
            Instant createdAt,
            @Nullable Instant readAt) {}

    record Page(List<NotificationJson> items, @Nullable String nextCursor) {}

    record UnreadJson(int unreadCount) {}

    record MarkedJson(int marked) {}

    /** @param mail per category key: whether its mail is sent */
    record PreferencesJson(Map<String, Boolean> mail) {}

    @GetMapping("/notifications")
    @Operation(summary = "The signed-in member's notifications, newest first")
    @ApiResponse(responseCode = "200", description = "A page of notifications and the cursor of the next")
    @ApiResponse(responseCode = "400", description = "The cursor is not one this list gave out")
    Page notifications(
            SignedInMember me,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "" + Notifications.DEFAULT_LIMIT) int limit) {
        NotificationPage page = notifications.page(me.id(), cursor, limit);
        return new Page(page.items().stream().map(this::json).toList(), page.nextCursor());
    }

    @GetMapping("/notifications/unread")
    @Operation(summary = "How many notifications the signed-in member has not read")
    UnreadJson unreadNotifications(SignedInMember me) {
        return new UnreadJson(notifications.unreadCount(me.id()));
    }

    @PostMapping("/notifications/{id}/read")
    @Operation(summary = "Mark one notification read")
    @ApiResponse(responseCode = "200", description = "The notification, read")
    @ApiResponse(responseCode = "404", description = "No such notification of the signed-in member")
    NotificationJson markNotificationRead(SignedInMember me, @PathVariable UUID id) {
        return json(notifications.markRead(me.id(), id));
    }

    @PostMapping("/notifications/read")
    @Operation(summary = "Mark all the signed-in member's notifications read")
    MarkedJson markAllNotificationsRead(SignedInMember me) {
        return new MarkedJson(notifications.markAllRead(me.id()));
    }

    @GetMapping("/me/notification-preferences")
    @Operation(summary = "Which kinds of notification the signed-in member also gets by mail")
    PreferencesJson notificationPreferences(SignedInMember me) {
        return preferencesOf(me);
    }

    @PutMapping("/me/notification-preferences")
    @Operation(
            summary = "Choose which kinds of notification also come by mail",
            description = "Categories left out keep their setting; unknown categories are refused.")
    @ApiResponse(responseCode = "200", description = "The choice as it is now, for every category")
    @ApiResponse(responseCode = "400", description = "An unknown category, or a value that is not true or false")
    PreferencesJson setNotificationPreferences(SignedInMember me, @RequestBody PreferencesJson body) {
        Map<String, Boolean> mail = body.mail() == null ? Map.of() : body.mail();
        Map<Category, Boolean> chosen = new EnumMap<>(Category.class);
        for (Category category : NotificationPages.categories(List.copyOf(mail.keySet()))) {
            Boolean on = mail.get(category.key());
            if (on == null) {
                throw InvalidInput.of("mail." + category.key(), "validation.required");
            }
            chosen.put(category, on);
        }
        notifications.updateMail(me.id(), chosen);
        return preferencesOf(me);
    }

    private PreferencesJson preferencesOf(SignedInMember me) {
        Map<String, Boolean> mail = new LinkedHashMap<>();
        notifications.mailPreferences(me.id()).forEach((category, on) -> mail.put(category.key(), on));
        return new PreferencesJson(mail);
    }

    private NotificationJson json(Notification n) {
        return new NotificationJson(
                n.id(),
                n.category().key(),
                n.title(),
                n.text(),
                notifications.absolute(n.link()).toString(),
                n.createdAt(),
                n.readAt());
    }
}
