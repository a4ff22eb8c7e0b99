/**
 * What the operator's outbox templates read. Public only because the precompiled templates live in a
 * package of their own; no other module has a reason to use these types.
 */
@NullMarked
package dev.souk.mail.view;

import org.jspecify.annotations.NullMarked;
