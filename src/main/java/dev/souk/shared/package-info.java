/**
 * The shared kernel: the few types every capability speaks in (page context for templates, problem
 * responses of the API). Kept deliberately tiny.
 */
@NullMarked
package dev.souk.shared;

import org.jspecify.annotations.NullMarked;
