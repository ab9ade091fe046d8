// Enable GOV.UK Frontend's components (the page works without JavaScript too).
import { initAll } from "./vendor/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
