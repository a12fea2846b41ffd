// Each questionnaire part starts at its top, with keyboard focus on its heading: Streamlit keeps the
// scroll position of the part before. Runs in the app's own page (st.components.v2) each time the
// component is drawn, and acts only when the part has changed.

export default function (component) {
  const { data } = component;
  const seen = (window.__thresholdPartTop ??= { step: null });
  if (seen.step === data.step) return; // an answer clicked in the same part: stay where the reader is
  seen.step = data.step;
  const main = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
  if (main) main.scrollTo(0, 0);
  const heading = document.querySelector('[data-testid="stMain"] h3');
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
}
