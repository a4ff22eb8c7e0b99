// The operator's revenue chart: the figures come from the chart's data attribute (the CSP forbids
// inline scripts), the same ones the table under it shows. One bar series per currency.
(function () {
    var box = document.getElementById("revenue-chart");
    if (!box || !window.echarts) {
        return;
    }
    var data = JSON.parse(box.dataset.chart);
    var lang = box.dataset.lang || undefined;

    function money(currency, digits) {
        var options = { style: "currency", currency: currency };
        if (digits !== undefined) {
            options.minimumFractionDigits = digits;
            options.maximumFractionDigits = digits;
        }
        var format = new Intl.NumberFormat(lang, options);
        return function (value) { return format.format(value); };
    }

    var chart = echarts.init(box, null, { renderer: "canvas" });
    chart.setOption({
        animation: false,
        color: ["#b93d0b", "#2f6f8f", "#5b7d2a", "#7a4f9a"],
        grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
        legend: { show: data.series.length > 1, top: 0 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: data.months },
        // one currency: its axis reads as money; several share a plain axis, the tooltip names each
        yAxis: {
            type: "value",
            axisLabel: data.series.length === 1 ? { formatter: money(data.series[0].currency, 0) } : {}
        },
        series: data.series.map(function (s) {
            return {
                name: s.currency,
                type: "bar",
                data: s.values,
                tooltip: { valueFormatter: money(s.currency) }
            };
        })
    });
    window.addEventListener("resize", function () { chart.resize(); });
})();
