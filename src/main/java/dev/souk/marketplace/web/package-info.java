/**
 * The operator's console for the marketplace: pages under {@code /admin/marketplace} and the console's
 * landing page {@code /admin}. The form records are public only because the precompiled templates
 * live in a package of their own; no other module has a reason to use them.
 */
@NullMarked
package dev.souk.marketplace.web;

import org.jspecify.annotations.NullMarked;
