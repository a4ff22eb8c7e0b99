/**
 * Technical plumbing every capability relies on, with no business rules: the embedded PostgreSQL
 * default (and the postmaster a killed run left behind), the clock, the application's settings
 * ({@link dev.souk.infra.SoukProperties}), the logfmt log format, timers that fire once across nodes
 * ({@link dev.souk.infra.Timers}, db-scheduler), rate limits every node shares ({@link
 * dev.souk.infra.RateLimits}), the API's {@code Idempotency-Key} header (kept in PostgreSQL for every
 * node), change notices between nodes over LISTEN/NOTIFY ({@link dev.souk.infra.ChangeNotices}) and
 * the server-sent event streams of open pages ({@link dev.souk.infra.LiveStreams}), keys made per
 * install ({@link dev.souk.infra.InstallSecrets}) and the sealing of secrets Souk reads back ({@link
 * dev.souk.infra.SecretBox}), and which forwarded headers to believe. Security is not configured
 * here but by the accounts module, and the web configuration sits with what it serves (the site's
 * pages, the shared kernel's request limits and error reports). Depends on no other module but the
 * shared kernel (a rate limit refuses as a {@link dev.souk.shared.Refusal}).
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.souk.infra;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
