/** The visible text of an HTML page, roughly as a reader sees it. */
export function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, "")
    .replace(/<[^>]+>/g, "\n")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/**
 * What a browser sends back from a POST form of the page, unchanged: text and hidden
 * fields, checked boxes and radios, text areas, the selected option of each select.
 * A name that occurs more than once gives a list. The form is the first POST form
 * whose action contains `action`, or else the first one that is not the sign-out form.
 */
export function formFields(html: string, action?: string): Record<string, string | string[]> {
  const forms = [...html.matchAll(/<form[^>]*method="post"[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]);
  const form = forms.find((f) => (action ? f.match(/action="([^"]*)"/)?.[1]?.includes(action) : !f.includes('action="/uitloggen"'))) ?? "";
  const fields: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const before = fields[name];
    fields[name] = before === undefined ? value : [before, value].flat();
  };
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attr = (name: string) => m[1]!.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
    const name = attr("name");
    const type = attr("type");
    if (!name || name === "_csrf") continue;
    if ((type === "checkbox" || type === "radio") && !/\bchecked\b/.test(m[1]!)) continue;
    add(name, unescape(attr("value") ?? ""));
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) add(m[1]!, unescape(m[2]!));
  for (const m of form.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...m[2]!.matchAll(/<option value="([^"]*)"( selected)?/g)];
    add(m[1]!, unescape((options.find((o) => o[2]) ?? options[0])?.[1] ?? ""));
  }
  return fields;
}

/**
 * The problems a form page reports: the errors next to its fields and the list in
 * its error notice, as a reader sees them; sorted, to compare with the API's list.
 */
export function formProblems(html: string): string[] {
  const found = [
    ...[...html.matchAll(/<p class="koers-field-error"[^>]*>([\s\S]*?)<\/p>/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<li class="koers-problem"[^>]*>([\s\S]*?)<\/li>/g)].map((m) => m[1]!),
  ];
  return found.map((t) => unescape(t.replace(/<[^>]+>/g, "")).trim()).sort();
}
