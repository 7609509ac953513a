/**
 * Refuses a request whose text Koers could not store (src/lib/text-safety.ts): NUL
 * characters, lone surrogates or bytes that are not UTF-8, in the address, a query
 * parameter, a form field or a JSON body. The answer (400) names where, in Dutch, before
 * any route sees the text, so nothing is stored as replacement characters and the
 * database never gets to refuse it.
 */
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { decodeUrlPart, decodeUtf8, findTextProblems, showable, textFault, textFaults } from "../lib/text-safety.ts";
import type { AppEnv } from "./env.ts";

const refuse = (where: string, fault: string): never => {
  throw new HTTPException(400, { message: `Dit verzoek is geweigerd: ${where} ${fault}.` });
};

/** Checks `name=value&…` pairs (a query string or a form body). */
function checkPairs(pairs: string, describe: (name: string) => string) {
  for (const pair of pairs.split("&")) {
    if (!pair) continue;
    const cut = pair.indexOf("=");
    const sentName = cut < 0 ? pair : pair.slice(0, cut);
    const name = decodeUrlPart(sentName, true);
    const shownName = showable(name ?? rawName(sentName));
    if (name === undefined) refuse(`de naam van ${describe(shownName)}`, textFaults.utf8);
    const nameFault = textFault(name!);
    if (nameFault) refuse(`de naam van ${describe(shownName)}`, nameFault);
    if (cut < 0) continue;
    const value = decodeUrlPart(pair.slice(cut + 1), true);
    if (value === undefined) refuse(describe(shownName), textFaults.utf8);
    const fault = textFault(value!);
    if (fault) refuse(describe(shownName), fault);
  }
}

/** A name as sent, for a message when it cannot be decoded: escapes of printable ASCII decoded, others "?". */
const rawName = (text: string) =>
  text.replace(/\+/g, " ").replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const code = Number.parseInt(hex, 16);
    return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : "?";
  });

export function refuseBadText(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    for (const segment of url.pathname.split("/")) {
      const decoded = decodeUrlPart(segment);
      if (decoded === undefined) refuse("het adres", textFaults.utf8);
      const fault = textFault(decoded!);
      if (fault) refuse("het adres", fault);
    }
    checkPairs(url.search.slice(1), (name) => `de parameter '${name}' in het adres`);

    const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
    const hasBody = !["GET", "HEAD", "OPTIONS"].includes(c.req.method);
    if (!hasBody || !(type === "application/x-www-form-urlencoded" || type === "multipart/form-data" || type.includes("json") || type.startsWith("text/"))) {
      return next();
    }
    if (type === "multipart/form-data") {
      // The form parser has decoded the parts already; what is left to find are NULs and half characters.
      for (const [name, value] of Object.entries(await c.req.parseBody({ all: true }))) {
        const fault = textFault(name);
        if (fault) refuse(`de naam van het veld '${showable(name)}'`, fault);
        for (const v of [value].flat()) {
          const valueFault = typeof v === "string" ? textFault(v) : undefined;
          if (valueFault) refuse(`het veld '${showable(name)}'`, valueFault);
        }
      }
      return next();
    }
    // Read once: the routes' parseBody() and json() use the same bytes.
    const decoded = decodeUtf8(new Uint8Array(await c.req.arrayBuffer()));
    if ("problem" in decoded) return refuse("de inhoud", textFaults.utf8);
    if (type === "application/x-www-form-urlencoded") {
      checkPairs(decoded.text, (name) => `het veld '${name}'`);
    } else if (type.includes("json")) {
      let body: unknown;
      try {
        body = JSON.parse(decoded.text);
      } catch {
        return next(); // the route answers bad JSON itself
      }
      const [problem] = findTextProblems(body, 1);
      if (problem) refuse(problem.path ? `${problem.inName ? "de naam van " : ""}het veld '${showable(problem.path)}'` : "de inhoud", problem.message);
    } else {
      const fault = textFault(decoded.text);
      if (fault) refuse("de inhoud", fault);
    }
    return next();
  };
}
