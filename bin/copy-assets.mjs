// Copies the pinned front-end packages from node_modules into static/vendor (served locally, never a CDN).
// GOV.UK Frontend's compiled CSS points at /assets/...; rewrite to a relative path so it works under STATIC_URL.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const out = "static/vendor";
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/govuk`, { recursive: true });
mkdirSync(`${out}/moj`, { recursive: true });
mkdirSync(`${out}/htmx`, { recursive: true });
mkdirSync(`${out}/axe`, { recursive: true });

const govuk = "node_modules/govuk-frontend/dist/govuk";
const css = readFileSync(`${govuk}/govuk-frontend.min.css`, "utf8").replaceAll("url(/assets/", "url(assets/");
writeFileSync(`${out}/govuk/govuk-frontend.min.css`, css.replace(/\/\*# sourceMappingURL=.*\*\//, ""));
const js = readFileSync(`${govuk}/govuk-frontend.min.js`, "utf8");
writeFileSync(`${out}/govuk/govuk-frontend.min.js`, js.replace(/\/\/# sourceMappingURL=.*/, ""));
cpSync(`${govuk}/assets`, `${out}/govuk/assets`, { recursive: true });

const moj = "node_modules/@ministryofjustice/frontend/moj";
for (const f of ["moj-frontend.min.css", "moj-frontend.min.js"]) {
  writeFileSync(`${out}/moj/${f}`, readFileSync(`${moj}/${f}`, "utf8").replace(/[/][/*]# sourceMappingURL=.*/, ""));
}
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/htmx/htmx.min.js`);
cpSync("node_modules/axe-core/axe.min.js", `${out}/axe/axe.min.js`);
console.log("assets copied to static/vendor");
