package dev.souk.payments.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.payments.MonthlyRevenue;
import dev.souk.shared.Money;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RevenueChartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyMonthOfTheSpanHasAFigureInEveryCurrencyEarned() {
        RevenueChart chart = RevenueChart.of(
                List.of(
                        new MonthlyRevenue(YearMonth.of(2026, 1), Money.of(2_400, "EUR")),
                        new MonthlyRevenue(YearMonth.of(2026, 3), Money.of(1_050, "GBP")),
                        new MonthlyRevenue(YearMonth.of(2026, 3), Money.of(600, "EUR")),
                        new MonthlyRevenue(YearMonth.of(2025, 1), Money.of(99_900, "EUR"))),
                YearMonth.of(2026, 3),
                3,
                Locale.UK,
                JSON);
        assertThat(chart.empty()).isFalse();
        assertThat(chart.currencies()).containsExactly(Currency.getInstance("EUR"), Currency.getInstance("GBP"));
        assertThat(chart.months())
                .extracting(RevenueChart.Month::label)
                .containsExactly("Jan 2026", "Feb 2026", "Mar 2026");
        assertThat(chart.months().get(1).revenue()).containsExactly(Money.of(0, "EUR"), Money.of(0, "GBP"));
        assertThat(chart.months().get(2).revenue()).containsExactly(Money.of(600, "EUR"), Money.of(1_050, "GBP"));

        JsonNode data = JSON.readTree(chart.data());
        assertThat(data.path("months").get(0).asString()).isEqualTo("Jan 2026");
        assertThat(data.path("series").get(0).path("currency").asString()).isEqualTo("EUR");
        assertThat(data.path("series").get(0).path("values").values())
                .extracting(JsonNode::asDouble)
                .containsExactly(24.0, 0.0, 6.0);
        assertThat(data.path("series").get(1).path("values").values())
                .extracting(JsonNode::asDouble)
                .containsExactly(0.0, 0.0, 10.5);
    }

    @Test
    void noRevenueIsAnEmptyChart() {
        RevenueChart chart = RevenueChart.of(List.of(), YearMonth.of(2026, 3), 12, Locale.UK, JSON);
        assertThat(chart.empty()).isTrue();
        assertThat(chart.months())
                .hasSize(12)
                .allSatisfy(m -> assertThat(m.revenue()).isEmpty());
    }
}
