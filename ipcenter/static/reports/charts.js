// The statistics page's charts: Apache ECharts (served from /static/vendor/echarts), drawn from
// the figures the page embeds as JSON (<script type="application/json" id="report-charts">).
// No inline script and no request: the page's Content-Security-Policy allows neither.
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var drawn = [];
  charts.forEach(function (chart) {
    var el = document.querySelector('[data-chart="' + chart.id + '"]');
    if (!el) {
      return;
    }
    el.style.height = "280px";
    if (!chart.categories.length) {
      el.style.height = "0";
      return;
    }
    var plot = echarts.init(el, null, { renderer: "canvas" });
    plot.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 10, top: 36, bottom: 30, containLabel: true },
      xAxis: { type: "category", data: chart.categories, axisLabel: { interval: 0, rotate: chart.categories.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: chart.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data };
      })
    });
    el.setAttribute("data-drawn", "1");
    drawn.push(plot);
  });
  window.addEventListener("resize", function () {
    drawn.forEach(function (plot) { plot.resize(); });
  });
}());
