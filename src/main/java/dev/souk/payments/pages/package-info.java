/** What the payments module's page templates are given: page models built by its controllers. */
@NullMarked
package dev.souk.payments.pages;

import org.jspecify.annotations.NullMarked;
