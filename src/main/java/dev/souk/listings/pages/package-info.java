/** What the listings module's page templates are given: formatting helpers and page models. */
@NullMarked
package dev.souk.listings.pages;

import org.jspecify.annotations.NullMarked;
