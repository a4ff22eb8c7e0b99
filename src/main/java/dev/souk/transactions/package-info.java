/**
 * Transactions: where two members deal. A listing's type chooses a process (request to book, instant
 * booking, purchase, inquiry) written as data in YAML files and validated at start; a transaction keeps
 * the version of the process it started with and records every transition append-only. Bookings are
 * kept so that the database refuses two that collide; timers (expiry, completion) fire once across
 * every node. Money moves through the payments facade after the transition that decides it commits.
 * The facade is {@link dev.souk.transactions.Transactions}.
 */
@NullMarked
package dev.souk.transactions;

import org.jspecify.annotations.NullMarked;
