/**
 * Technical plumbing every capability relies on: the embedded PostgreSQL default, security, web
 * configuration, the clock, rate limits ({@link dev.souk.infra.RateLimits}) and the API's
 * {@code Idempotency-Key} header, whose keys every node sees in PostgreSQL. Holds no business
 * rules and depends on no other module but the shared kernel (a rate limit refuses as a
 * {@link dev.souk.shared.Refusal}).
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.souk.infra;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
