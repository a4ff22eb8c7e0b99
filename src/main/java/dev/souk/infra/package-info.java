/**
 * Technical plumbing every capability relies on: the embedded PostgreSQL default, security, web
 * configuration and the clock. Holds no business rules and depends on no other module.
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.souk.infra;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
