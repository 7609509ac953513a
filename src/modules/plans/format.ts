/**
 * The exchange format of a plan: what `data/plans/*.yaml` holds and what
 * `koers import` / `koers export` read and write. Every field is validated
 * here, so a bad file is refused with the path of the field that is wrong.
 */
import { z } from "zod";
import { slug } from "../../lib/slug.ts";
import { COUNT, LENGTH, tooLong, tooMany } from "../../lib/limits.ts";
import "../../lib/zod-nl.ts";
import { planTooLarge } from "./size.ts";

/** Non-empty text of at most `max` characters; files keep their text as written (no trimming). */
const limited = (label: string, max: number) => z.string().min(1).max(max, tooLong(label, max));
/** A list of at most `max` entries. */
const upTo = <T extends z.ZodType>(schema: T, label: string, max: number) => z.array(schema).max(max, tooMany(label, max));


const isoDate = z.iso.date();

/** Text in a small, safe subset of Markdown: paragraphs, lists, *italics*, **bold**, tables. */
const text = z.string().min(1, "mag niet leeg zijn").max(LENGTH.text, tooLong("Tekst", LENGTH.text));

export const sectionSchema = z.strictObject({
  /** The heading as the document writes it: "Opgave", "Doelstelling", "Monitoring". */
  title: limited("Kop van een tekst", LENGTH.title),
  text,
});

/** The texts of an item, a plan's opening or closing, or an update. */
export const sectionsSchema = (label: string) => upTo(sectionSchema, label, COUNT.sections);

export const partySchema = z
  .strictObject({
    /** The party as written: "beleidsmedewerker SWV VO NK", "Gemeente, SWV, scholen en netwerkpartners". */
    role: limited("Rol van een partij", LENGTH.phrase).optional(),
    /** Organisations this party stands for (slugs from data/organisations). */
    organisations: upTo(slug, "Organisaties van een partij", COUNT.partyOrganisations).default([]),
    /** What the party does, when the document says so ("betrokken bij de communicatie van JONK"). */
    task: limited("Taak van een partij", LENGTH.phrase).optional(),
  })
  .refine((p) => p.role !== undefined || p.organisations.length > 0, {
    message: "een partij heeft een rol of een organisatie",
  });

export const linkKinds = [
  "cross-over",
  "link",
  "afgeleid van",
  "afgestemd op",
  "zie ook",
] as const;

export type LinkKind = (typeof linkKinds)[number];

export const linkSchema = z.strictObject({
  /** Target item: its code in this plan ("1.2"), or "plan-slug#code" in another plan. */
  to: limited("Verwijzing", LENGTH.name),
  kind: z.enum(linkKinds),
  /** The sentence in the document that makes the link, if any. */
  note: limited("Toelichting bij een verwijzing", LENGTH.phrase).optional(),
});

/**
 * Fields of an item whose value is Koers's reading of the document rather than its
 * words: a code the document does not print there ("1.1"), a *wanneer* taken from
 * prose or from another table, organisations inferred from a role, parties lifted
 * out of an activity's sentence. The plan page marks them; check:sources holds
 * every field that is not marked to the letter and number of the source.
 */
export const itemInterpretations = [
  "code",
  "title",
  "when",
  "budget",
  "parties",
  "parties.organisations",
  "sections",
  "links",
] as const;
export type ItemInterpretation = (typeof itemInterpretations)[number];

/** Fields of an approval that the document does not state (the outcome of an "OPR 12-12-2023" line). */
export const approvalInterpretations = ["body", "date", "outcome"] as const;
export type ApprovalInterpretation = (typeof approvalInterpretations)[number];

/** A list of interpreted fields; left out when there are none, so that export and import agree. */
const interpretedList = <const T extends readonly [string, ...string[]]>(fields: T) =>
  z.array(z.enum(fields)).min(1, "laat 'interpreted' weg als niets geïnterpreteerd is").optional();

export interface ItemInput {
  code?: string | undefined;
  level: string;
  title: string;
  sections: { title: string; text: string }[];
  parties: z.infer<typeof partySchema>[];
  when?: string | undefined;
  budget?: string | undefined;
  priority: boolean;
  reducedCapacity?: string | undefined;
  internalNote?: string | undefined;
  topics: string[];
  links: z.infer<typeof linkSchema>[];
  interpreted?: ItemInterpretation[] | undefined;
  children: ItemInput[];
}

export const itemSchema: z.ZodType<ItemInput, unknown> = z.lazy(() =>
  z.strictObject({
    /** The number or letter as the document shows it ("1.2", "3b", "A"); optional. */
    code: limited("Code", LENGTH.code).optional(),
    /** Key of one of the plan's levels. */
    level: slug,
    title: limited("Titel", LENGTH.title),
    sections: sectionsSchema("Teksten").default([]),
    parties: upTo(partySchema, "Wie (partijen)", COUNT.parties).default([]),
    /** Timing exactly as written: "November-december 2025", "Gedurende het schooljaar". */
    when: limited("Wanneer", LENGTH.phrase).optional(),
    /** Budget line (begrotingsonderdeel) as written. */
    budget: limited("Budget", LENGTH.phrase).optional(),
    priority: z.boolean().default(false),
    /** Present when the item runs with reduced capacity; the note says why. */
    reducedCapacity: limited("Minder capaciteit", LENGTH.phrase).optional(),
    /** A note for the partners only; never shown to anonymous visitors. */
    internalNote: limited("Interne notitie", LENGTH.note).optional(),
    topics: upTo(slug, "Onderwerpen", COUNT.topics).default([]),
    links: upTo(linkSchema, "Verwijzingen", COUNT.links).default([]),
    /** Which of the fields above are Koers's interpretation, not the document's words. */
    interpreted: interpretedList(itemInterpretations),
    children: z.array(itemSchema).default([]),
  }),
);

export const levelSchema = z.strictObject({
  key: slug,
  /** The plan's own word for this level: "Ambitie", "Speerpunt", "Actielijn". */
  name: limited("Naam van een niveau", LENGTH.name),
  plural: limited("Meervoud van een niveau", LENGTH.name).optional(),
});

/** What a column (table layout) or a row of a block (blocks layout) shows. */
export const fieldRef = z
  .string()
  .regex(
    /^(?:(?:children|grandchildren)\.)?(?:code|title|when|budget|parties|section:.+)$/,
    "kies code, title, when, budget, parties of section:<titel>, eventueel na children. of grandchildren.",
  );

export const layoutSchema = z.strictObject({
  /** table: one row per item of rowLevel; blocks: one block (definition list) per item. */
  style: z.enum(["table", "blocks"]),
  rowLevel: slug,
  columns: z
    .array(z.strictObject({ label: limited("Kop van een kolom", LENGTH.name), show: z.array(fieldRef).min(1) }))
    .min(1),
});

export const planKinds = [
  "agenda",
  "uitvoeringsagenda",
  "uitvoeringsplan",
  "jaarplan",
  "activiteitenplan",
  "ondersteuningsplan",
] as const;

export const planStatuses = ["concept", "in-besluitvorming", "vastgesteld", "afgesloten"] as const;

export const approvalSchema = z.strictObject({
  /** Governance body as written: "Kernberaad", "OPR", "ALV", "OOGO". */
  body: limited("Orgaan", LENGTH.name),
  date: isoDate.optional(),
  /** What the body did: "advies", "instemming", "vastgesteld", ... */
  outcome: limited("Uitkomst", LENGTH.name),
  /** Whether this decision adopts the plan (makes it the valid version). */
  adopts: z.boolean().default(false),
  note: limited("Toelichting bij een besluit", LENGTH.phrase).optional(),
  /** Which of body, date and outcome are Koers's reading, not what the document says. */
  interpreted: interpretedList(approvalInterpretations),
});

export const periodSchema = z
  .strictObject({
    /** As the document names it: "schooljaar 2025-2026", "2023", "2022-2024". */
    label: limited("Naam van de periode", LENGTH.name),
    start: isoDate,
    end: isoDate,
  })
  .refine((p) => p.start <= p.end, { message: "start ligt na het einde", path: ["end"] });

export const footnoteSchema = z.strictObject({ mark: limited("Voetnootteken", LENGTH.code), text: limited("Voetnoot", LENGTH.note) });

export const planSchema = z
  .strictObject({
    slug,
    title: limited("Titel", LENGTH.title),
    subtitle: limited("Ondertitel", LENGTH.phrase).optional(),
    kind: z.enum(planKinds),
    status: z.enum(planStatuses),
    published: z.boolean().default(false),
    period: periodSchema,
    /** Parent plan in Koers (slug), e.g. the agenda a yearly plan derives from. */
    parent: slug.optional(),
    /** A parent plan that is not in Koers, by name. */
    parentTitle: limited("Titel van het bovenliggende plan", LENGTH.title).optional(),
    owners: z.array(slug).min(1, "een plan heeft minstens één eigenaar"),
    regions: z.array(slug).default([]),
    /** The source document this plan was taken from (file in data/sources). */
    source: limited("Bron", LENGTH.name).optional(),
    levels: z.array(levelSchema).min(1),
    layout: layoutSchema,
    approvals: upTo(approvalSchema, "Besluitvorming", COUNT.approvals).default([]),
    /** Text before the items: introduction, vision, glossary of the document. */
    sections: sectionsSchema("Inleidende teksten").default([]),
    items: z.array(itemSchema).default([]),
    /** Text after the items: planning tables, closing words. */
    closingSections: sectionsSchema("Slotteksten").default([]),
    footnotes: z.array(footnoteSchema).default([]),
    /** A note for the partners only; never shown to anonymous visitors. */
    internalNote: limited("Interne notitie", LENGTH.note).optional(),
  })
  .superRefine((plan, ctx) => {
    const levelKeys = new Set(plan.levels.map((l) => l.key));
    if (!levelKeys.has(plan.layout.rowLevel)) {
      ctx.addIssue({
        code: "custom",
        path: ["layout", "rowLevel"],
        message: `niveau '${plan.layout.rowLevel}' staat niet in levels`,
      });
    }
    let itemCount = 0;
    let linkCount = 0;
    const walk = (items: ItemInput[], path: (string | number)[]) =>
      items.forEach((item, i) => {
        itemCount += 1;
        linkCount += item.links.length;
        if (!levelKeys.has(item.level)) {
          ctx.addIssue({
            code: "custom",
            path: [...path, i, "level"],
            message: `niveau '${item.level}' staat niet in levels (${[...levelKeys].join(", ")})`,
          });
        }
        walk(item.children, [...path, i, "children"]);
      });
    walk(plan.items, ["items"]);
    if (itemCount > COUNT.items) {
      ctx.addIssue({ code: "custom", path: ["items"], message: `Onderdelen: hoogstens ${COUNT.items} in één plan (nu ${itemCount}).` });
    }
    const tooLarge = planTooLarge(plan);
    if (tooLarge) ctx.addIssue({ code: "custom", path: [], message: tooLarge });
    if (linkCount > COUNT.planLinks) {
      const max = COUNT.planLinks.toLocaleString("nl-NL");
      ctx.addIssue({ code: "custom", path: ["items"], message: `Verwijzingen: hoogstens ${max} vanuit één plan (nu ${linkCount.toLocaleString("nl-NL")}).` });
    }
  });

export type PlanFile = z.infer<typeof planSchema>;
export type ItemFile = ItemInput;
export type Section = z.infer<typeof sectionSchema>;

/** Shared list of topics (onderwerpen) that items across plans are tagged with: `data/topics.yaml`. */
export const topicsFileSchema = z.strictObject({
  topics: z.array(z.strictObject({ slug, name: limited("Naam", LENGTH.name), description: limited("Beschrijving", LENGTH.phrase).optional() })),
});
