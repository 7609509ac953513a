/**
 * The committed NL Design System stylesheet (src/web/static/nlds.css) is what
 * `npm run build:css` makes from the installed packages and the classes Koers's sources use:
 * a page that starts using another Utrecht class, or a package update, fails here until the
 * file is built again.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildNlds, output } from "../scripts/build-css.mjs";

describe("the trimmed NL Design System stylesheet", () => {
  it("is current: `npm run build:css` would write the same file", async () => {
    expect(await buildNlds(), "src/web/static/nlds.css is stale: run npm run build:css").toBe(readFileSync(output, "utf8"));
  }, 30_000);

  it("keeps the rules of the classes Koers uses, and the tokens they need, and little else", async () => {
    const css = readFileSync(output, "utf8");
    for (const rule of [".utrecht-table{", ".utrecht-button", ".utrecht-skip-link"]) expect(css).toContain(rule);
    expect(css).toContain("--utrecht-button-font-size:");
    expect(css).not.toContain(".utrecht-calendar");
    expect(css.length).toBeLessThan(80_000);
  });
});
