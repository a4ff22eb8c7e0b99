package dev.souk.payments.pages;

import dev.souk.payments.MonthlyRevenue;
import dev.souk.shared.Money;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The marketplace's revenue of the last months, one column per currency: the table the page shows,
 * and the same figures as JSON for the chart, which its script reads from a data attribute (the
 * page policy allows no inline script).
 *
 * @param months oldest first, every month of the span, with nothing earned shown as zero
 * @param data {@code {"months": [label…], "series": [{"currency": "EUR", "values": [12.5…]}]}}, in major units
 */
public record RevenueChart(List<Currency> currencies, List<Month> months, String data) {

    public RevenueChart {
        currencies = List.copyOf(currencies);
        months = List.copyOf(months);
    }

    /** @param revenue one figure per month and currency */
    public record Month(String label, List<Money> revenue) {

        public Month {
            revenue = List.copyOf(revenue);
        }
    }

    public boolean empty() {
        return currencies.isEmpty();
    }

    /** The {@code count} months up to {@code last}; revenue outside them is left out. */
    public static RevenueChart of(
            List<MonthlyRevenue> revenue, YearMonth last, int count, Locale locale, JsonMapper json) {
        List<Currency> currencies = revenue.stream()
                .map(r -> r.revenue().currency())
                .distinct()
                .sorted(Comparator.comparing(Currency::getCurrencyCode))
                .toList();
        Map<YearMonth, Map<Currency, Money>> byMonth = new LinkedHashMap<>();
        revenue.forEach(r -> byMonth.computeIfAbsent(r.month(), m -> new LinkedHashMap<>())
                .merge(r.revenue().currency(), r.revenue(), Money::plus));
        DateTimeFormatter label = DateTimeFormatter.ofPattern("MMM yyyy", locale);
        List<Month> months = new ArrayList<>();
        for (YearMonth month = last.minusMonths(count - 1L); !month.isAfter(last); month = month.plusMonths(1)) {
            Map<Currency, Money> figures = byMonth.getOrDefault(month, Map.of());
            months.add(new Month(
                    label.format(month),
                    currencies.stream()
                            .map(c -> figures.getOrDefault(c, Money.zero(c)))
                            .toList()));
        }
        List<Map<String, Object>> series = new ArrayList<>();
        for (int i = 0; i < currencies.size(); i++) {
            int column = i;
            series.add(Map.of(
                    "currency",
                    currencies.get(i).getCurrencyCode(),
                    "values",
                    months.stream().map(m -> m.revenue().get(column).decimal()).toList()));
        }
        String data = json.writeValueAsString(
                Map.of("months", months.stream().map(Month::label).toList(), "series", series));
        return new RevenueChart(currencies, months, data);
    }
}
