/**
 * Technical plumbing every capability relies on: the embedded PostgreSQL default, security, web
 * configuration, the clock and rate limits ({@link dev.souk.infra.RateLimits}). Holds no business
 * rules and depends on no other module but the shared kernel (a rate limit refuses as a
 * {@link dev.souk.shared.Refusal}).
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.souk.infra;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
