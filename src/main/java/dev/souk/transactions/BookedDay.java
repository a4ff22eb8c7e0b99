package dev.souk.transactions;

import java.time.LocalDate;

/**
 * What active bookings hold of one day of a listing.
 *
 * @param seats seats held the whole day (nights and days)
 * @param hours hours of the day with seats held (hourly bookings)
 * @param leastSeats the fewest seats held in any of those hours
 */
public record BookedDay(LocalDate day, int seats, int hours, int leastSeats) {}
