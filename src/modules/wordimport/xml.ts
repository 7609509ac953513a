/**
 * A small, strict XML reader for the parts of a Word document: elements, attributes,
 * text, CDATA and the predefined and numeric character references. Document type
 * declarations are refused (no entity expansion, no external references).
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

export class XmlError extends Error {}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#x")) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const e = entities[ref];
    if (e === undefined) throw new XmlError(`onbekende entiteit ${whole}`);
    return e;
  });
}

const attrPattern = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Parses an XML text into its root element; throws XmlError when it is not well-formed. */
export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: "#document", attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf("<", i);
    if (lt < 0) {
      if (text.slice(i).trim()) throw new XmlError("tekst na het laatste element");
      break;
    }
    if (lt > i) {
      const top = stack.at(-1)!;
      if (top !== root) top.children.push(decode(text.slice(i, lt)));
    }
    if (text.startsWith("<?", lt)) {
      const end = text.indexOf("?>", lt);
      if (end < 0) throw new XmlError("onafgesloten verwerkingsinstructie");
      i = end + 2;
    } else if (text.startsWith("<!--", lt)) {
      const end = text.indexOf("-->", lt);
      if (end < 0) throw new XmlError("onafgesloten commentaar");
      i = end + 3;
    } else if (text.startsWith("<![CDATA[", lt)) {
      const end = text.indexOf("]]>", lt);
      if (end < 0) throw new XmlError("onafgesloten CDATA");
      stack.at(-1)!.children.push(text.slice(lt + 9, end));
      i = end + 3;
    } else if (text.startsWith("<!", lt)) {
      throw new XmlError("documenttypedeclaraties worden niet gelezen");
    } else if (text.startsWith("</", lt)) {
      const end = text.indexOf(">", lt);
      if (end < 0) throw new XmlError("onafgesloten eindtag");
      const name = text.slice(lt + 2, end).trim();
      const top = stack.pop();
      if (!top || top.name !== name || top === root) throw new XmlError(`eindtag ${name} past niet`);
      i = end + 1;
    } else {
      // Find the end of the tag, skipping '>' inside quoted attribute values.
      let j = lt + 1;
      let quote = "";
      for (; j < n; j++) {
        const c = text[j]!;
        if (quote) {
          if (c === quote) quote = "";
        } else if (c === '"' || c === "'") quote = c;
        else if (c === ">") break;
      }
      if (j >= n) throw new XmlError("onafgesloten tag");
      let inner = text.slice(lt + 1, j);
      const selfClosing = inner.endsWith("/");
      if (selfClosing) inner = inner.slice(0, -1);
      const space = inner.search(/\s/);
      const name = space < 0 ? inner : inner.slice(0, space);
      if (!name) throw new XmlError("tag zonder naam");
      const attrs: Record<string, string> = {};
      if (space >= 0) {
        for (const m of inner.slice(space).matchAll(attrPattern)) attrs[m[1]!] = decode(m[3] ?? m[4] ?? "");
      }
      const element: XmlElement = { name, attrs, children: [] };
      const parent = stack.at(-1)!;
      if (parent === root && root.children.length > 0) throw new XmlError("meer dan één hoofdelement");
      parent.children.push(element);
      if (!selfClosing) stack.push(element);
      i = j + 1;
    }
  }
  if (stack.length !== 1) throw new XmlError(`element ${stack.at(-1)!.name} is niet afgesloten`);
  const first = root.children.find((c): c is XmlElement => typeof c !== "string");
  if (!first) throw new XmlError("geen hoofdelement");
  return first;
}

/** Child elements, optionally only those with a name. */
export function elements(node: XmlElement | undefined, name?: string): XmlElement[] {
  if (!node) return [];
  return node.children.filter((c): c is XmlElement => typeof c !== "string" && (name === undefined || c.name === name));
}

/** Every descendant element with a name, in document order. */
export function descendants(node: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (typeof c === "string") continue;
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}

/** All text inside an element. */
export function textContent(node: XmlElement): string {
  return node.children.map((c) => (typeof c === "string" ? c : textContent(c))).join("");
}
