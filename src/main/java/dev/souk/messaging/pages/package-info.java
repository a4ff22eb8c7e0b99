/** What the messaging module's page templates are given: message text rendering and page models. */
@NullMarked
package dev.souk.messaging.pages;

import org.jspecify.annotations.NullMarked;
