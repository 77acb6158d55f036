/* The demo page's suggested questions: a click asks one in the widget. */
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest(".demo-question");
  if (button && window.askbioWidget) {
    window.askbioWidget.ask(button.dataset.question);
  }
});
