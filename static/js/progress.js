// Set each progress bar's width from its data-width (no inline styles, so a strict CSP holds).
document.querySelectorAll(".progress-bar[data-width]").forEach(function (bar) {
  bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.width))) + "%";
});
