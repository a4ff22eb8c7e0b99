/**
 * Every email Souk sends: callers describe a mail as a {@link dev.souk.mail.MailMessage}, the module
 * renders it as plain text and HTML in the marketplace's look, stores it in an outbox table in the
 * caller's transaction and delivers it after commit over SMTP, retrying with backoff. Without an SMTP
 * server the mail is kept and logged instead. Operators read the outbox at {@code /admin/mail}. It
 * also signs and checks the one-click unsubscribe links of mails a member may turn off ({@link
 * dev.souk.mail.Unsubscribes}).
 */
@NullMarked
package dev.souk.mail;

import org.jspecify.annotations.NullMarked;
