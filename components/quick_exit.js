// Quick exit, in the browser itself: it must work when the server cannot be reached.
//
// Runs in the app's own page (st.components.v2 does not sandbox it). The button is our own element,
// first in <body>, outside Streamlit's React tree: Streamlit disables its widgets and covers the page
// with a modal while disconnected, and neither may stand between a person and the exit.
// Leaving hides everything at once (and blanks the tab title) in this page, then tells the server,
// if it is there, to forget the session.

const BUTTON_ID = "threshold-quick-exit";
const VEIL_ID = "threshold-exit-page";
const VEIL_STYLE_ID = "threshold-exit-style";
const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 5000;

// Pinned to the top corner, on screen however far the page is scrolled; above Streamlit's modals.
const BUTTON_STYLE = `
  .st-key-quick_exit { display: none; }
  #${BUTTON_ID} {
    position: fixed; top: 0.55rem; right: 4.5rem; z-index: 2147483646;
    min-height: 2rem; min-width: 24px; padding: 0.15rem 0.9rem;
    font: inherit; font-size: 1rem; line-height: 1.6; color: #ffffff; background: #2f4a60;
    border: 1px solid #2f4a60; border-radius: 0.5rem; cursor: pointer;
  }
  #${BUTTON_ID}:hover { background: #22384a; }
  #${BUTTON_ID}:focus-visible { outline: 3px solid #26313b; outline-offset: 2px; }
`;

// Streamlit's connection-error text, which on 127.0.0.1 asks about the internet.
const CONNECTION_TEXTS = [
  "Streamlit server is not responding. Are you connected to the internet?",
  "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your terminal:",
];

function install() {
  const exit = { send: null, exitPage: "blank", notice: "", left: false };

  exit.leave = (notify) => {
    if (!exit.left) {
      exit.left = true;
      veil(exit.exitPage);
      keepTitleBlank();
    }
    if (notify && exit.send) {
      try {
        exit.send();
      } catch (error) {
        // No server: the page is blank already, and its session ends with it.
      }
    }
  };

  const style = document.createElement("style");
  style.textContent = BUTTON_STYLE;
  document.head.append(style);
  const button = document.createElement("button");
  button.type = "button";
  button.id = BUTTON_ID;
  button.textContent = "Quick exit";
  button.title = "Clears your answers from this window and leaves a blank page. Or press Shift three times.";
  // Caught on the way down, at the window: an open Streamlit modal stops clicks outside it from
  // reaching their target.
  window.addEventListener("click", (event) => button.contains(event.target) && exit.leave(true), true);
  document.body.prepend(button); // first in the tab order
  keepReachable(button);

  // GOV.UK's pattern: Shift pressed three times in a row, within five seconds.
  let presses = [];
  window.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== "Shift") {
        presses = []; // Shift held for a capital letter is typing, not a signal
        return;
      }
      if (event.repeat) return;
      const now = Date.now();
      presses = [...presses.filter((at) => now - at < SHIFT_WINDOW_MS), now];
      if (presses.length >= SHIFT_PRESSES) exit.leave(true);
    },
    true,
  );

  new MutationObserver(() => relabelConnectionError(exit.notice)).observe(document.body, {
    childList: true,
    subtree: true,
    characterData: true,
  });
  return exit;
}

function veil(exitPage) {
  const style = document.createElement("style");
  style.id = VEIL_STYLE_ID;
  style.textContent = `
    body > :not(#${VEIL_ID}) { display: none !important; }
    html, body { background: #ffffff !important; }
    #${VEIL_ID} { position: fixed; inset: 0; background: #ffffff; color: #222222; padding: 3rem;
      font-family: sans-serif; z-index: 2147483647; }
    #${VEIL_ID} textarea { width: 100%; height: 60vh; font: inherit; }
  `;
  document.head.append(style);
  const page = document.createElement("main");
  page.id = VEIL_ID;
  if (exitPage === "notes") {
    // A plain notepad that says nothing of the app.
    const title = document.createElement("h1");
    title.textContent = "Notes";
    const notes = document.createElement("textarea");
    notes.setAttribute("aria-label", "Notes");
    notes.placeholder = "Write something…";
    page.append(title, notes);
  }
  document.body.append(page);
  keepReachable(page);
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
}

function keepReachable(element) {
  // A Streamlit modal (such as the connection error) makes everything beside it inert.
  const free = () => {
    if (element.hasAttribute("inert")) element.removeAttribute("inert");
    if (element.hasAttribute("aria-hidden")) element.removeAttribute("aria-hidden");
  };
  new MutationObserver(free).observe(element, { attributes: true, attributeFilter: ["inert", "aria-hidden"] });
  free();
}

function keepTitleBlank() {
  // Streamlit sets the title again on each rerun; after an exit it stays blank.
  const blank = () => {
    if (document.title !== "") document.title = "";
  };
  blank();
  new MutationObserver(blank).observe(document.head, { childList: true, subtree: true, characterData: true });
}

function relabelConnectionError(notice) {
  if (!notice) return;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (CONNECTION_TEXTS.includes(node.nodeValue.trim())) {
      node.nodeValue = notice;
      // The command Streamlit suggests under its localhost text is not ours to show.
      const block = node.parentElement?.closest("[role=dialog]")?.querySelector("pre");
      if (block) block.remove();
    }
  }
}

export default function (component) {
  const { data, setTriggerValue } = component;
  const exit = (window.__thresholdQuickExit ??= install());
  exit.send = () => setTriggerValue("exit", true);
  exit.exitPage = data.exit_page;
  exit.notice = data.connection_notice;
  if (data.exited) exit.leave(false); // the server's exit page, e.g. after Back: stay blank
}
