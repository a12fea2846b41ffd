// What the app's pages need for keyboard and screen-reader users that Streamlit does not give them:
// each chart is described by the table drawn after it (aria-describedby). Runs in the app's own
// page (st.components.v2), again whenever Streamlit redraws.

const LINKED = "data-threshold-described";

function linkChartsToTables() {
  const charts = document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]');
  charts.forEach((chart, index) => {
    const drawing = chart.querySelector('svg[role="graphics-document"], svg, canvas');
    if (!drawing || drawing.hasAttribute(LINKED)) return;
    const table = tableAfter(chart);
    if (!table) return;
    table.id ||= `threshold-chart-table-${index}`;
    drawing.setAttribute("aria-describedby", table.id);
    drawing.setAttribute(LINKED, "");
  });
}

function tableAfter(chart) {
  // The chart's own element container, then the next few beside it: the table, a caption or an expander.
  let container = chart.closest('[data-testid="stElementContainer"], .stElementContainer') || chart;
  for (let next = container.nextElementSibling, steps = 0; next && steps < 3; next = next.nextElementSibling, steps++) {
    const table = next.querySelector('[data-testid="stTable"] table, [data-testid="stDataFrame"], table');
    if (table) return table;
  }
  return null;
}

export default function () {
  const page = (window.__thresholdAccessibility ??= { observer: null });
  if (!page.observer) {
    page.observer = new MutationObserver(linkChartsToTables);
    page.observer.observe(document.body, { childList: true, subtree: true });
  }
  linkChartsToTables();
}
