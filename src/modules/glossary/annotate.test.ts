import { describe, expect, it } from "vitest";
import { abbreviationAnnotator } from "./annotate.ts";

const annotate = abbreviationAnnotator([
  { term: "SWV", full: "samenwerkingsverband", meaning: "Scholen die samen zorgen voor passend onderwijs." },
  { term: "SWV VO", meaning: "Samenwerkingsverband voor het voortgezet onderwijs." },
  { term: "J&G", full: "Jeugd en Gezin", meaning: "Jeugdhulp." },
  { term: "5 onder a", meaning: "Vrijstelling van de leerplicht." },
  { term: "thuiszitter", meaning: "Leerling die thuis zit zonder onderwijs." },
]);

describe("explaining abbreviations in place", () => {
  it("links the first use of each term to the glossary, with its meaning", () => {
    expect(annotate("<p>Het SWV en nog eens het SWV.</p>")).toBe(
      '<p>Het <a class="koers-abbr" href="/begrippen#begrip-swv"><abbr title="samenwerkingsverband: Scholen die samen zorgen voor passend onderwijs.">SWV</abbr></a> en nog eens het SWV.</p>',
    );
  });

  it("takes the longest term and whole words only", () => {
    const out = annotate("<p>SWV VO en SWVNK en thuiszitters</p>");
    expect(out).toContain('href="/begrippen#begrip-swv-vo"');
    expect(out).not.toContain("begrip-swv\"");
    expect(out).not.toContain("thuiszitter</abbr>");
  });

  it("leaves e-mail addresses and domain names alone, but not a term at the end of a sentence", () => {
    expect(annotate("<p>Mail redacteur@swv.nl of swv@example.nl</p>")).not.toContain("<abbr");
    expect(annotate("<p>Dit doet het SWV.</p>")).toContain(">SWV</abbr></a>.");
  });

  it("finds terms with escaped characters and spaces", () => {
    const out = annotate("<p>CJG/J&amp;G en vrijstelling 5 onder a.</p>");
    expect(out).toContain('<abbr title="Jeugd en Gezin: Jeugdhulp.">J&amp;G</abbr>');
    expect(out).toContain(">5 onder a</abbr>");
  });

  it("leaves the head, links, attributes, form controls and existing abbreviations alone", () => {
    const html =
      '<html><head><title>SWV</title></head><body><a href="/x">SWV</a><img alt="SWV"><button>SWV</button><abbr title="x">SWV</abbr></body></html>';
    expect(annotate(html)).toBe(html);
  });

  it("leaves SVG pictures alone, and reads on after them", () => {
    const html = '<svg role="img"><title>SWV</title><g><text>SWV VO</text></g></svg><p>SWV VO</p>';
    const out = annotate(html);
    expect(out.startsWith('<svg role="img"><title>SWV</title><g><text>SWV VO</text></g></svg><p><a class="koers-abbr"')).toBe(true);
  });

  it("counts first use per page, not per element", () => {
    const out = annotate("<h2>SWV</h2><p>SWV</p>");
    expect(out.match(/<abbr/g)).toHaveLength(1);
    expect(out.startsWith('<h2><a class="koers-abbr"')).toBe(true);
  });

  it("escapes the meaning in the title", () => {
    const tricky = abbreviationAnnotator([{ term: "XYZ", meaning: 'Een "test" <script>' }]);
    expect(tricky("<p>XYZ</p>")).toContain('title="Een &quot;test&quot; &lt;script&gt;"');
  });
});
