/**
 * Transactions: where two members deal. A listing's type chooses a process (request to book, instant
 * booking, purchase, inquiry) written as data in YAML files, validated at start and kept by version; a
 * transaction runs the version it started with and records every transition append-only. Bookings are
 * kept so that the database refuses two that collide; timers (expiry, completion) fire once across
 * every node. Money moves through the payments facade after the transition that decides it commits.
 *
 * <p>It publishes the facade {@link dev.souk.transactions.Transactions} (quote, start, take a transition,
 * read), its read models ({@link dev.souk.transactions.TransactionView}, {@link
 * dev.souk.transactions.TransactionPage}, {@link dev.souk.transactions.Quote}, {@link
 * dev.souk.transactions.BookedDay}), the request it takes ({@link dev.souk.transactions.BookingRequest})
 * and its events ({@link dev.souk.transactions.TransactionMoved}, {@link
 * dev.souk.transactions.ReviewWindowOpened}, {@link dev.souk.transactions.BookingsChanged}). Inside,
 * package-private: the facade's parts (quoting, the process engine, money actions, reads), the one store
 * of its tables and the store of process versions, the process file reader, and its pages and JSON API;
 * {@code pages} holds what its templates read.
 */
@NullMarked
package dev.souk.transactions;

import org.jspecify.annotations.NullMarked;
