import { describe, expect, it } from "vitest";
import { markdownHtml } from "../../web/markdown.tsx";
import { compileGlossary, explainedHtml, startPage } from "./explain.ts";

const glossary = compileGlossary([
  { term: "SWV", full: "samenwerkingsverband", meaning: "Scholen die samen zorgen voor passend onderwijs." },
  { term: "SWV VO", meaning: "Samenwerkingsverband voor het voortgezet onderwijs." },
  { term: "J&G", full: "Jeugd en Gezin", meaning: "Jeugdhulp." },
  { term: "5 onder a", meaning: "Vrijstelling van de leerplicht." },
  { term: "thuiszitter", meaning: "Leerling die thuis zit zonder onderwijs." },
]);
/** Markdown as a reading page renders it, each call a new page. */
const md = (text: string) => markdownHtml(text, { glossary: startPage(glossary) });

describe("explaining abbreviations while rendering Markdown", () => {
  it("links the first use of each term to the glossary, with its meaning", () => {
    expect(md("Het SWV en nog eens het SWV.")).toBe(
      '<p>Het <a class="koers-abbr" href="/begrippen#begrip-swv"><abbr title="samenwerkingsverband: Scholen die samen zorgen voor passend onderwijs.">SWV</abbr></a> en nog eens het SWV.</p>\n',
    );
  });

  it("takes the longest term and whole words only, case as written", () => {
    const out = md("SWV VO en SWVNK en thuiszitters en Thuiszitter");
    expect(out).toContain('href="/begrippen#begrip-swv-vo"');
    expect(out).not.toContain('begrip-swv"');
    expect(out).not.toContain("thuiszitter</abbr>");
    expect(out).not.toContain("Thuiszitter</abbr>");
  });

  it("leaves e-mail addresses and domain names alone, but not a term at the end of a sentence", () => {
    expect(md("Mail info@SWV.nl of SWV@example.nl of kijk op SWV.nl")).not.toContain("<abbr");
    expect(md("Dit doet het SWV.")).toContain(">SWV</abbr></a>.");
  });

  it("finds terms with characters Markdown escapes, and with spaces", () => {
    const out = md("CJG/J&G en vrijstelling 5 onder a.");
    expect(out).toContain('<abbr title="Jeugd en Gezin: Jeugdhulp.">J&amp;G</abbr>');
    expect(out).toContain(">5 onder a</abbr>");
  });

  it("leaves links, code and image descriptions alone, and explains the term where it is plain text", () => {
    const out = md("[SWV](/x) en `SWV` en ![SWV](/p.png)\n\n    SWV\n\nHet SWV.");
    expect(out.match(/<abbr/g)).toHaveLength(1);
    expect(out).toContain('<a href="/x">SWV</a>');
    expect(out).toContain("<code>SWV</code>");
    expect(out).toContain('alt="SWV"');
    expect(out).toContain("<p>Het <a class=\"koers-abbr\"");
  });

  it("explains terms in headings, emphasis, lists and tables", () => {
    const out = md("# Over SWV VO\n\n*J&G* helpt.\n\n- 5 onder a\n\n| wie |\n| --- |\n| thuiszitter |");
    expect(out.match(/<abbr/g)).toHaveLength(4);
    expect(out).toContain("<em><a class=\"koers-abbr\"");
  });

  it("explains nothing without a page, and stored HTML stays escaped", () => {
    expect(markdownHtml("Het SWV <b>x</b>")).toBe("<p>Het SWV &lt;b&gt;x&lt;/b&gt;</p>\n");
    expect(md("<b>SWV</b>")).toContain("&lt;b&gt;<a class=\"koers-abbr\"");
  });
});

describe("explaining abbreviations in plain text fields", () => {
  it("counts first use per page, across Markdown and plain text", () => {
    const page = startPage(glossary);
    const title = explainedHtml(page, "Plan van het SWV");
    const text = markdownHtml("Het SWV en J&G.", { glossary: page });
    expect(title).toContain(">SWV</abbr></a>");
    expect(text).not.toContain(">SWV</abbr>");
    expect(text).toContain(">J&amp;G</abbr>");
    expect(explainedHtml(page, "SWV en J&G")).toBe("SWV en J&amp;G");
  });

  it("escapes the text and the meaning", () => {
    const tricky = compileGlossary([{ term: "XYZ", meaning: 'Een "test" <script>' }]);
    expect(explainedHtml(startPage(tricky), "<i>XYZ</i>")).toBe(
      '&lt;i&gt;<a class="koers-abbr" href="/begrippen#begrip-xyz"><abbr title="Een &quot;test&quot; &lt;script&gt;">XYZ</abbr></a>&lt;/i&gt;',
    );
  });

  it("with an empty glossary, only escapes", () => {
    expect(explainedHtml(startPage(compileGlossary([])), "A & B")).toBe("A &amp; B");
  });
});
