// Draw each chart of a page interactively with vega-embed, in place of its static drawing
// (the static drawing and the data table stay for JavaScript off and screen readers). Vega's
// expressions run in its interpreter, so the page's CSP needs no 'unsafe-eval'.
import { expressionInterpreter } from "./vendor/vega-interpreter.js";

const options = {
  renderer: "svg",
  actions: false,
  ast: true,
  expr: expressionInterpreter,
  defaultStyle: false,
  tooltip: { disableDefaultStyle: true },
};

for (const holder of document.querySelectorAll("[data-vega-spec]")) {
  const spec = JSON.parse(document.getElementById(holder.dataset.vegaSpec).textContent);
  // Tooltips show each mark's data; the drawing is the report's.
  spec.config = { ...spec.config, mark: { ...(spec.config || {}).mark, tooltip: { content: "data" } } };
  const target = document.createElement("div");
  target.setAttribute("role", "img");
  target.setAttribute("aria-label", holder.querySelector("img").alt);
  holder.appendChild(target);
  window
    .vegaEmbed(target, spec, options)
    .then(() => {
      // The drawing is one image, labelled with the chart's alternative text (its data table
      // follows it): Vega's per-mark ARIA roles, which carry no names, are hidden.
      for (const svg of target.querySelectorAll("svg")) svg.setAttribute("aria-hidden", "true");
      holder.classList.add("safer-vega--live");
    })
    .catch((error) => {
      target.remove();
      console.error("The interactive chart could not be drawn:", error);
    });
}
