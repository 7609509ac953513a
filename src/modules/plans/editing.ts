/** Changing one item of a plan: its fields and relations, with a version check and an audit entry. */
import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db } from "../../db/client.ts";
import { ConflictError } from "../../lib/errors.ts";
import { COUNT, LENGTH, optionalText, requiredText, tooMany } from "../../lib/limits.ts";
import { slugNamed } from "../../lib/slug.ts";

import { record } from "../audit/service.ts";
import { system, type Viewer } from "../access/viewer.ts";
import { organisationIds } from "../organisations/service.ts";

import { linkKinds, type ItemInterpretation, type LinkKind } from "./format.ts";
import { InputError, zodProblems, type InputProblem } from "../../lib/validation.ts";

import { ItemNotFoundError, requirePlan } from "./access.ts";
import { findItem, getPlan, visiblePlans, type PlanItem } from "./reading.ts";
import { assertSizeFits, itemOwnSize, planTextSize } from "./size.ts";
import { itemLinks, itemParties, itemPartyOrganisations, items, itemTopics, plans, topics } from "./schema.ts";

/** Each value once, in the order first given: a topic or organisation named twice means it once. */
const once = <T>(list: T[], key: (value: T) => unknown = (v) => v): T[] => {
  const seen = new Set<unknown>();
  return list.filter((v) => !seen.has(key(v)) && seen.add(key(v)));
};


/** A text with a heading, as items and plans hold them; shared by every command that writes texts. */
export const sectionInput = z.strictObject({
  title: requiredText("Kop van een tekst", LENGTH.title, "Kop van een tekst: geef deze tekst een kop, bijvoorbeeld Activiteiten of Monitoring."),
  text: requiredText("Tekst", LENGTH.text, "Tekst: vul de tekst in, of maak kop en tekst allebei leeg om hem te verwijderen."),
});

/** A list of texts with headings, at most COUNT.sections; `label` names the list. */
export const sectionsInput = (label: string) => z.array(sectionInput, { error: `${label}: geef een lijst van teksten.` }).max(COUNT.sections, tooMany(label, COUNT.sections));

const partyInput = z
  .strictObject({
    role: optionalText("Rol van een partij", LENGTH.phrase),
    task: optionalText("Taak van een partij", LENGTH.phrase),
    /** Organisation slugs. */
    organisations: z
      .array(slugNamed("Organisatie"))
      .max(COUNT.partyOrganisations, tooMany("Organisaties van een partij", COUNT.partyOrganisations))
      .default([])
      .transform((list) => once(list)),
  })
  .refine((p) => p.role !== null || p.organisations.length > 0, { error: "Partij: vul een rol in of kies een organisatie." });

const linkInput = z.strictObject({
  targetId: z.int({ error: "Verwijzing: kies het onderdeel waarnaar u verwijst." }).min(1, "Verwijzing: kies het onderdeel waarnaar u verwijst."),
  kind: z.enum(linkKinds, { error: `Soort verwijzing: kies ${linkKinds.join(", ")}.` }),
  note: optionalText("Toelichting bij een verwijzing", LENGTH.phrase),
});

/**
 * A change to one item: the only check of what a form or the API sends, applied by
 * updateItem itself. Fields left out stay as they are; an empty text clears a field.
 * Limits from lib/limits.ts; a topic, an organisation or a link named twice counts once.
 */
export const itemPatchSchema = z.strictObject({
  /** The version the change was made against; a newer version in the database refuses the change. */
  version: z.int({ error: "Versie: geef de versie waarop u voortbouwt (een heel getal)." }).min(1, "Versie: een versie is 1 of hoger."),
  title: requiredText("Titel", LENGTH.title, "Titel: vul een titel in.").optional(),
  code: optionalText("Code", LENGTH.code).optional(),
  when: optionalText("Wanneer", LENGTH.phrase).optional(),
  budget: optionalText("Budget", LENGTH.phrase).optional(),
  internalNote: optionalText("Interne notitie", LENGTH.note).optional(),
  sections: sectionsInput("Teksten").optional(),
  priority: z.boolean({ error: "Prioriteit: ja of nee (true of false)." }).optional(),
  reducedCapacity: optionalText("Minder capaciteit", LENGTH.phrase).optional(),
  /** Replaces the parties (wie) of the item. */
  parties: z.array(partyInput, { error: "Wie: geef een lijst van partijen." }).max(COUNT.parties, tooMany("Wie (partijen)", COUNT.parties)).optional(),
  /** Replaces the topics: slugs. */
  topics: z
    .array(slugNamed("Onderwerp"), { error: "Onderwerpen: geef een lijst van korte namen." })
    .max(COUNT.topics, tooMany("Onderwerpen", COUNT.topics))
    .transform((list) => once(list))
    .optional(),
  /** Replaces the links to other items. */
  links: z
    .array(linkInput, { error: "Verwijzingen: geef een lijst van verwijzingen." })
    .max(COUNT.links, tooMany("Verwijzingen", COUNT.links))
    .transform((list) => once(list, (l) => `${l.targetId} ${l.kind}`))
    .optional(),
});

/** What a form or the API hands to updateItem: checked there, by itemPatchSchema. */
export type ItemPatchInput = z.input<typeof itemPatchSchema>;
export type ItemPatch = z.output<typeof itemPatchSchema>;
export type PartyPatch = NonNullable<ItemPatch["parties"]>[number];
export type LinkPatch = NonNullable<ItemPatch["links"]>[number];

/** Checks a change to an item; InputError naming each wrong field (file "onderdeel") otherwise. */
export function parseItemPatch(input: unknown): ItemPatch {
  const parsed = itemPatchSchema.safeParse(input);
  if (!parsed.success) throw new InputError(zodProblems("onderdeel", parsed.error));
  return parsed.data;
}

/** The relations of an item in the shape an ItemPatch writes them. */
export function relationsOf(item: PlanItem): { parties: PartyPatch[]; topics: string[]; links: LinkPatch[] } {
  return {
    parties: item.parties.map((p) => ({ role: p.role, task: p.task, organisations: p.organisations.map((o) => o.slug) })),
    topics: item.topics.map((t) => t.slug),
    links: item.links.map((l) => ({ targetId: l.target.id, kind: l.kind as LinkKind, note: l.note })),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The interpretation marks an item keeps after a change: a field that a person rewrites is
 * their words from then on, no longer Koers's reading of the document, so its mark goes; a
 * field sent unchanged keeps it.
 */
export function marksAfter(
  marks: readonly ItemInterpretation[],
  before: { code: string | null; title: string; when: string | null; budget: string | null; sections: unknown } & Pick<ReturnType<typeof relationsOf>, "parties" | "links">,
  patch: Pick<ItemPatch, "code" | "title" | "when" | "budget" | "sections" | "parties" | "links">,
): ItemInterpretation[] {
  const rewritten = (field: keyof typeof patch) => patch[field] !== undefined && !same(patch[field], before[field]);
  const gone = new Set<ItemInterpretation>();
  for (const field of ["code", "title", "when", "budget", "sections", "links"] as const) if (rewritten(field)) gone.add(field);
  if (rewritten("parties")) ["parties", "parties.organisations"].forEach((f) => gone.add(f as ItemInterpretation));
  return marks.filter((m) => !gone.has(m));
}

export class StaleVersionError extends ConflictError {
  constructor(readonly current: { version: number; title: string }) {
    super(
      `Dit onderdeel is intussen gewijzigd door iemand anders (nu versie ${current.version}). ` +
        "Haal het opnieuw op, neem de wijzigingen over en sla dan op.",
    );
  }
}

/**
 * Changes fields of one item, if the viewer may and nobody changed it since `input.version`.
 * Who asks is checked first, then the input (parseItemPatch), then what it names in the database.
 */
export async function updateItem(db: Db, viewer: Viewer, planSlug: string, itemId: number, input: ItemPatchInput) {
  const gate = await requirePlan(db, viewer, planSlug, "edit-item", { item: itemId });
  const patch = parseItemPatch(input);
  const fields = {
    ...(patch.title !== undefined && { title: patch.title }),
    ...(patch.code !== undefined && { code: patch.code }),
    ...(patch.when !== undefined && { whenText: patch.when }),
    ...(patch.budget !== undefined && { budget: patch.budget }),
    ...(patch.internalNote !== undefined && { internalNote: patch.internalNote }),
    ...(patch.sections !== undefined && { sections: patch.sections }),
    ...(patch.priority !== undefined && { priority: patch.priority }),
    ...(patch.reducedCapacity !== undefined && { reducedCapacity: patch.reducedCapacity }),
  };
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    // The plan's links and text are counted together: the plan row is locked first, as the structure commands do,
    // and the plan is read as this change finds it.
    await t.select({ id: plans.id }).from(plans).where(eq(plans.id, gate.id)).for("no key update");
    const plan = await getPlan(t, system, planSlug);
    const item = findItem(plan.items, itemId);
    if (!item) throw new ItemNotFoundError(itemId);
    if (patch.links) {
      const others = await planLinkCount(t, plan.id, { except: itemId });
      if (others + patch.links.length > COUNT.planLinks) {
        const max = COUNT.planLinks.toLocaleString("nl-NL");
        throw new InputError([
          { file: "onderdeel", path: "links", message: `Verwijzingen: hoogstens ${max} vanuit één plan; de andere onderdelen van dit plan hebben er al ${others.toLocaleString("nl-NL")}.` },
        ]);
      }
    }
    // Still there and not in the bin: it may have gone since the plan was read.
    const [current] = await t
      .select()
      .from(items)
      .where(and(eq(items.id, itemId), isNull(items.deletionId)))
      .for("update");
    if (!current) throw new ItemNotFoundError(itemId);
    if (current.version !== patch.version) throw new StaleVersionError({ version: current.version, title: current.title });
    const before = relationsOf(item);
    const interpreted = marksAfter(current.interpreted, { ...current, when: current.whenText, ...before }, patch);
    const grown = Object.keys(patch).filter((k) => !["version", "priority", "topics"].includes(k));
    if (grown.length > 0) {
      const after = { ...item, ...patch, parties: patch.parties ?? item.parties, links: patch.links ?? item.links };
      assertSizeFits(planTextSize(plan) - itemOwnSize(item) + itemOwnSize(after), "onderdeel", grown[0]!);
    }
    const [updated] = await t
      .update(items)
      .set({ ...fields, ...(interpreted.length !== current.interpreted.length && { interpreted }), version: current.version + 1, updatedAt: new Date() })
      .where(eq(items.id, itemId))
      .returning();
    const relations = await replaceRelations(t, viewer, itemId, patch);
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    const pick = (row: typeof current) => Object.fromEntries(keys.map((k) => [k, row[k]]));
    await record(t, viewer, {
      action: "onderdeel-gewijzigd",
      entityType: "onderdeel",
      entityId: itemId,
      planId: plan.id,
      itemId,
      summary: `${current.code ? `${current.code} ` : ""}${current.title}: ${[...keys, ...Object.keys(relations)].join(", ")} gewijzigd`,
      before: { ...pick(current), ...Object.fromEntries(Object.keys(relations).map((k) => [k, before[k as keyof typeof before]])) },
      after: { ...pick(updated!), ...relations },
    });
    return updated!;
  });
}

/**
 * Within the transaction of a change, after it is written: refuses it (and so rolls it back)
 * when the plan now holds more than LENGTH.plan characters (size.ts). The plan row is locked
 * by then, so two changes at once cannot each fit alone and overflow together.
 */
export async function assertStoredPlanFits(t: Db, slug: string, file: string, path: string): Promise<void> {
  assertSizeFits(planTextSize(await getPlan(t, system, slug, "read")), file, path);
}

/** Links from the live items of a plan, leaving out one item (`except`), or with the items of a bin entry (`restoring`). */
export async function planLinkCount(db: Db, planId: number, options: { except?: number; restoring?: number }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(itemLinks)
    .innerJoin(items, eq(items.id, itemLinks.fromItemId))
    .where(
      and(
        eq(items.planId, planId),
        options.restoring === undefined ? isNull(items.deletionId) : or(isNull(items.deletionId), eq(items.deletionId, options.restoring)),
        options.except === undefined ? undefined : ne(items.id, options.except),
      ),
    );
  return row!.n;
}

/** Writes the parties, topics and links a patch names; returns what it wrote, for the audit log. */
async function replaceRelations(db: Db, viewer: Viewer, itemId: number, patch: ItemPatch) {
  const problems: InputProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ file: "onderdeel", path, message });
  const written: Partial<Pick<ItemPatch, "parties" | "topics" | "links">> = {};

  const orgIds = await organisationIds(db, patch.parties?.flatMap((p) => p.organisations) ?? []);
  patch.parties?.forEach((p, i) => {
    for (const slug of p.organisations) if (!orgIds.has(slug)) problem(`parties[${i}].organisations`, `Organisatie: '${slug}' bestaat niet.`);
  });
  const topicIds = patch.topics?.length
    ? new Map((await db.select({ id: topics.id, slug: topics.slug }).from(topics).where(inArray(topics.slug, patch.topics))).map((t) => [t.slug, t.id]))
    : new Map<string, number>();
  patch.topics?.forEach((slug, i) => {
    if (!topicIds.has(slug)) problem(`topics[${i}]`, `Onderwerp: '${slug}' bestaat niet.`);
  });
  const targetIds = patch.links?.map((l) => l.targetId) ?? [];
  const targets = targetIds.length
    ? new Set(
        (
          await db
            .select({ id: items.id })
            .from(items)
            .innerJoin(plans, eq(plans.id, items.planId))
            .where(and(inArray(items.id, targetIds), isNull(items.deletionId), visiblePlans(viewer)))
        ).map((r) => r.id),
      )
    : new Set<number>();
  patch.links?.forEach((l, i) => {
    if (l.targetId === itemId) problem(`links[${i}]`, "Verwijzing: een onderdeel kan niet naar zichzelf verwijzen.");
    else if (!targets.has(l.targetId)) problem(`links[${i}]`, `Verwijzing: onderdeel ${l.targetId} bestaat niet of u mag het niet lezen.`);
  });
  if (problems.length) throw new InputError(problems);

  if (patch.parties) {
    await db.delete(itemParties).where(eq(itemParties.itemId, itemId));
    for (const [position, party] of patch.parties.entries()) {
      const [row] = await db.insert(itemParties).values({ itemId, position, role: party.role, task: party.task }).returning({ id: itemParties.id });
      if (party.organisations.length) {
        await db.insert(itemPartyOrganisations).values(party.organisations.map((o, i) => ({ partyId: row!.id, organisationId: orgIds.get(o)!, position: i })));
      }
    }
    written.parties = patch.parties;
  }
  if (patch.topics) {
    await db.delete(itemTopics).where(eq(itemTopics.itemId, itemId));
    if (patch.topics.length) await db.insert(itemTopics).values(patch.topics.map((slug, position) => ({ itemId, topicId: topicIds.get(slug)!, position })));
    written.topics = patch.topics;
  }
  if (patch.links) {
    await db.delete(itemLinks).where(eq(itemLinks.fromItemId, itemId));
    if (patch.links.length) {
      await db.insert(itemLinks).values(patch.links.map((l, position) => ({ fromItemId: itemId, toItemId: l.targetId, position, kind: l.kind, note: l.note })));
    }
    written.links = patch.links;
  }
  return written;
}
