package dev.souk.payments;

import dev.souk.shared.Money;
import java.time.YearMonth;

/** What the marketplace earned in a month, in one currency. */
public record MonthlyRevenue(YearMonth month, Money revenue) {}
