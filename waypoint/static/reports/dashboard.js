// Draws the dashboard's charts from the numbers each page embeds with json_script.
// Colour is never the only signal: each series also has its own fill pattern (bars) or
// dash and point shape (lines), the legend names it, and the table beside each chart
// holds the same numbers. Without JavaScript the tables are the figures.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") return;

  // Dark enough against white for the 3:1 a graphic needs (WCAG 1.4.11).
  var COLOURS = ["#005ea2", "#936f38", "#00687d", "#8b0a03", "#4d8055", "#5e519e"];
  var DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
  var POINTS = ["circle", "rect", "triangle", "rectRot", "star", "crossRot"];

  function pattern(colour, index) {
    var size = 10;
    var tile = document.createElement("canvas");
    tile.width = tile.height = size;
    var ctx = tile.getContext("2d");
    ctx.fillStyle = colour;
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 2;
    ctx.fillRect(0, 0, size, size);
    var kind = index % 4;
    if (kind === 1) { // diagonal stripes
      ctx.beginPath();
      ctx.moveTo(0, size); ctx.lineTo(size, 0);
      ctx.moveTo(-2, 2); ctx.lineTo(2, -2);
      ctx.moveTo(size - 2, size + 2); ctx.lineTo(size + 2, size - 2);
      ctx.stroke();
    } else if (kind === 2) { // dots
      ctx.fillStyle = "#ffffff";
      ctx.beginPath(); ctx.arc(size / 2, size / 2, 1.8, 0, 2 * Math.PI); ctx.fill();
    } else if (kind === 3) { // cross-hatch
      ctx.beginPath();
      ctx.moveTo(0, size / 2); ctx.lineTo(size, size / 2);
      ctx.moveTo(size / 2, 0); ctx.lineTo(size / 2, size);
      ctx.stroke();
    }
    return ctx.createPattern(tile, "repeat");
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var line = data.kind === "line";
    var datasets = data.datasets.map(function (set, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: set.label,
        data: set.data,
        borderColor: colour,
        borderWidth: line ? 2 : 1,
        borderDash: line ? DASHES[i % DASHES.length] : [],
        pointStyle: POINTS[i % POINTS.length],
        pointRadius: line ? 4 : 0,
        backgroundColor: line ? colour : pattern(colour, i),
      };
    });
    var stacked = data.kind === "stacked";
    var suffix = data.percent ? "%" : "";
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: stacked },
          y: {
            stacked: stacked,
            beginAtZero: true,
            max: data.percent ? 100 : undefined,
            ticks: { precision: 0, callback: function (v) { return v + suffix; } },
          },
        },
        plugins: {
          legend: { labels: { usePointStyle: line } },
          tooltip: {
            callbacks: {
              label: function (item) {
                var v = item.raw === null ? "none" : item.raw + suffix;
                return item.dataset.label + ": " + v;
              },
            },
          },
        },
      },
    });
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (!window.Chart.getChart(canvas)) draw(canvas);
    });
  }

  drawAll(document);
  document.body.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
