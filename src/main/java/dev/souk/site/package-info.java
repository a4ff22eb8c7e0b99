/**
 * The site around the capabilities: the page shell every page shares (header, footer), the home page
 * and the error pages. It composes what the capabilities offer and owns no data.
 */
@NullMarked
package dev.souk.site;

import org.jspecify.annotations.NullMarked;
