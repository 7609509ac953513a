/**
 * How much one field or one list may hold: the single place for the limits that the
 * forms, the JSON API and the imports all apply (through the services' schemas and
 * the exchange formats). A page that shows a plan is bounded by these numbers, so
 * nobody can make another organisation's plan slow or unreadable by filling it.
 * docs/security.md and docs/data-format.md list them; change them here only.
 */
import { z } from "zod";
import { SLUG_MAX } from "./slug.ts";
import "./zod-nl.ts";

/** Longest text per kind of field, in characters. */
export const LENGTH = {
  /** An item's code as the document numbers it: "1.2", "3b". */
  code: 20,
  /** Short names in addresses and files (lib/slug.ts). */
  slug: SLUG_MAX,
  /** Names and labels: organisations, topics, levels, periods, approval bodies and outcomes. */
  name: 200,
  /** Titles of plans, items and evaluations, and the headings of texts (the longest item title in the data has 322). */
  title: 500,
  /** One phrase: wanneer, budget, a party's role or task, a link's note, a subtitle, reduced capacity. */
  phrase: 1_000,
  /** Notes: internal notes, the reason for a status, a round's message to the partners, footnotes. */
  note: 5_000,
  /** One text of a plan, item or evaluation (Markdown), and the results or planning of a progress update. */
  text: 20_000,
  /** All text of one plan and its items together (modules/plans/size.ts); the largest source plan has about 60 000. */
  plan: 2_000_000,
} as const;

/** The glossary's own fields (modules/glossary/format.ts): a term, written out in full, its meaning. */
export const GLOSSARY_LENGTH = { term: 100, full: LENGTH.name, meaning: 2_000 } as const;

/** Most entries per list. */
export const COUNT = {
  /** Links from one item to other items. */
  links: 50,
  /** Parties (wie) of one item. */
  parties: 30,
  /** Organisations of one party. */
  partyOrganisations: 30,
  /** Topics of one item. */
  topics: 20,
  /** Texts with a heading, per item and per list of a plan (opening, closing) or of an update. */
  sections: 50,
  /** Decisions in a plan's approval route. */
  approvals: 50,
  /** Items of one plan (the bin not counted): the largest plan in the data has 98. */
  items: 500,
  /** Links from the items of one plan together, so that a plan's page lists a bounded number. */
  planLinks: 2_500,
} as const;

const count = (input: unknown) => (typeof input === "string" || Array.isArray(input) ? ` (nu ${input.length.toLocaleString("nl-NL")})` : "");

/** "Titel: hoogstens 500 tekens (nu 612)." */
export const tooLong = (label: string, max: number) => ({
  error: (issue: { input?: unknown }) => `${label}: hoogstens ${max.toLocaleString("nl-NL")} tekens${count(issue.input)}.`,
});

/** "Onderwerpen: hoogstens 20 (nu 25)." */
export const tooMany = (label: string, max: number) => ({
  error: (issue: { input?: unknown }) => `${label}: hoogstens ${max}${count(issue.input)}.`,
});

/**
 * Text a person types, trimmed, at most `max` characters; `empty` is the message
 * for an empty text (the field is required). Messages name the field.
 */
export function requiredText(label: string, max: number, empty = `${label}: vul dit in.`) {
  return z
    .string({ error: `${label}: geef een tekst.` })
    .trim()
    .min(1, empty)
    .max(max, tooLong(label, max));
}

/** Optional text: trimmed, at most `max` characters; empty or missing becomes null. */
export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label}: geef een tekst, of laat het veld leeg.` })
    .trim()
    .max(max, tooLong(label, max))
    .nullish()
    .transform((v) => v || null);
}
