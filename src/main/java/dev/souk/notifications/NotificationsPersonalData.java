package dev.souk.notifications;

import dev.souk.accounts.MemberDeleted;
import dev.souk.accounts.PersonalData;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** The member's notifications and choice of mails in "download my data"; gone with their account. */
@Component
class NotificationsPersonalData implements PersonalData {

    /** Far more than anyone's history; the export is a file, not a page. */
    private static final int MAX = 100_000;

    private final Notifications notifications;

    NotificationsPersonalData(Notifications notifications) {
        this.notifications = notifications;
    }

    record NotificationsData(List<Notification> notifications, Map<Category, Boolean> mail) {}

    @Override
    public String part() {
        return "notifications";
    }

    @Override
    public Object export(UUID memberId) {
        return new NotificationsData(notifications.all(memberId, MAX), notifications.mailPreferences(memberId));
    }

    @ApplicationModuleListener
    void on(MemberDeleted event) {
        notifications.forget(event.memberId());
    }
}
