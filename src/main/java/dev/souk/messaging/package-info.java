/**
 * Messaging: members talk to each other directly, from the first question about a listing to after
 * the deal. One conversation per customer and listing, between that customer and the listing's
 * provider; unread counts, "seen" marks, blocks, reports to the operator, batched mail about unread
 * messages and a live feed to open pages driven by PostgreSQL LISTEN/NOTIFY. The facade {@link
 * dev.souk.messaging.Messaging} decides; {@code ConversationStore} reads and writes.
 */
@NullMarked
package dev.souk.messaging;

import org.jspecify.annotations.NullMarked;
