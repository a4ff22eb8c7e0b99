/**
 * Notifications: everything a member must know about, in the app (the bell, live on every node) and
 * by mail unless they turned its category off; and signed webhooks for the operator's integrations.
 * It listens to the other modules' events; mail goes out through the mail module's outbox.
 */
@NullMarked
package dev.souk.notifications;

import org.jspecify.annotations.NullMarked;
