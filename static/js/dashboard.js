// The trend charts of the dashboard: every target's value across the stored snapshots.
(function () {
  var source = document.getElementById("trend-data");
  if (!source || typeof Chart === "undefined") return;
  var trend = JSON.parse(source.textContent);
  var palette = ["#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e",
                 "#283593", "#558b2f", "#f9a825", "#37474f", "#d84315"];
  function draw(id, series, options) {
    var canvas = document.getElementById(id);
    if (!canvas || !series.length) return;
    new Chart(canvas, {
      type: "line",
      data: {
        labels: trend.labels,
        datasets: series.map(function (s, i) {
          return {label: s.label, data: s.data, borderColor: palette[i % palette.length],
                  backgroundColor: palette[i % palette.length], spanGaps: true, tension: 0.2};
        })
      },
      options: Object.assign({responsive: true, interaction: {mode: "nearest", intersect: false},
                              plugins: {legend: {position: "bottom", labels: {boxWidth: 12}}}}, options)
    });
  }
  draw("trend-percent", trend.percent, {scales: {y: {min: 0, max: 100}}});
  draw("trend-count", trend.count, {scales: {y: {beginAtZero: true}}});
})();
