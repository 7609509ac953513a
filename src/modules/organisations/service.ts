import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { OrganisationsFile } from "./format.ts";
import { organisations, regionMembers, regions } from "./schema.ts";

/** Adds or updates organisations and regions by slug; a region's members are replaced. */
export async function upsertOrganisations(db: Db, file: OrganisationsFile): Promise<void> {
  for (const o of file.organisations) {
    const values = { slug: o.slug, name: o.name, shortName: o.shortName ?? null, kind: o.kind, note: o.note ?? null };
    await db.insert(organisations).values(values).onConflictDoUpdate({ target: organisations.slug, set: values });
  }
  const ids = await organisationIds(db, file.regions.flatMap((r) => r.members.map((m) => m.organisation)));
  for (const r of file.regions) {
    const values = { slug: r.slug, name: r.name, kind: r.kind, note: r.note ?? null };
    const [row] = await db
      .insert(regions)
      .values(values)
      .onConflictDoUpdate({ target: regions.slug, set: values })
      .returning({ id: regions.id });
    await db.delete(regionMembers).where(eq(regionMembers.regionId, row!.id));
    if (r.members.length > 0) {
      await db.insert(regionMembers).values(
        r.members.map((m, position) => ({
          regionId: row!.id,
          organisationId: ids.get(m.organisation)!,
          position,
          note: m.note ?? null,
        })),
      );
    }
  }
}

export async function organisationIds(db: Db, slugs: readonly string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await db
    .select({ id: organisations.id, slug: organisations.slug })
    .from(organisations)
    .where(inArray(organisations.slug, [...new Set(slugs)]));
  return new Map(rows.map((r) => [r.slug, r.id]));
}

export async function regionIds(db: Db, slugs: readonly string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await db
    .select({ id: regions.id, slug: regions.slug })
    .from(regions)
    .where(inArray(regions.slug, [...new Set(slugs)]));
  return new Map(rows.map((r) => [r.slug, r.id]));
}

export async function allOrganisationSlugs(db: Db): Promise<string[]> {
  const rows = await db.select({ slug: organisations.slug }).from(organisations);
  return rows.map((r) => r.slug);
}

export async function allRegionSlugs(db: Db): Promise<string[]> {
  const rows = await db.select({ slug: regions.slug }).from(regions);
  return rows.map((r) => r.slug);
}

export interface RegionWithMembers {
  slug: string;
  name: string;
  kind: string;
  note: string | null;
  members: { slug: string; name: string; note: string | null }[];
}

export async function listRegions(db: Db): Promise<RegionWithMembers[]> {
  const rows = await db
    .select({
      regionId: regions.id,
      slug: regions.slug,
      name: regions.name,
      kind: regions.kind,
      note: regions.note,
      memberSlug: organisations.slug,
      memberName: organisations.name,
      memberNote: regionMembers.note,
    })
    .from(regions)
    .leftJoin(regionMembers, eq(regionMembers.regionId, regions.id))
    .leftJoin(organisations, eq(organisations.id, regionMembers.organisationId))
    .orderBy(asc(regions.kind), asc(regions.name), asc(regionMembers.position));
  const byId = new Map<number, RegionWithMembers>();
  for (const r of rows) {
    let region = byId.get(r.regionId);
    if (!region) {
      region = { slug: r.slug, name: r.name, kind: r.kind, note: r.note, members: [] };
      byId.set(r.regionId, region);
    }
    if (r.memberSlug) region.members.push({ slug: r.memberSlug, name: r.memberName!, note: r.memberNote });
  }
  return [...byId.values()];
}

/** Every organisation, by name: the choices of a form. */
export async function listOrganisations(db: Db): Promise<{ slug: string; name: string; shortName: string | null }[]> {
  return db
    .select({ slug: organisations.slug, name: organisations.name, shortName: organisations.shortName })
    .from(organisations)
    .orderBy(asc(organisations.name));
}
