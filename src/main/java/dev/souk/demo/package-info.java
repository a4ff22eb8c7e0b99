/**
 * The demo marketplace: on the first start of an empty database (embedded by default, or when
 * {@code SOUK_DEMO=true}) it fills Souk through the same module facades members and operators use.
 */
@NullMarked
package dev.souk.demo;

import org.jspecify.annotations.NullMarked;
