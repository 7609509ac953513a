/**
 * Three-way merge of an item's editable fields, for when someone else saved the
 * item while you were editing it: fields only they changed take their value,
 * fields only you changed keep yours, and fields you both changed differently
 * are conflicts that you decide (your value is kept in the form).
 */
import type { Section } from "./format.ts";

export interface EditableFields {
  title: string;
  when: string;
  budget: string;
  priority: boolean;
  reducedCapacity: string;
  internalNote: string;
  sections: Section[];
}

export type FieldName = keyof EditableFields;
export const fieldNames: FieldName[] = ["title", "sections", "when", "budget", "priority", "reducedCapacity", "internalNote"];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface MergeResult {
  merged: EditableFields;
  /** Fields the other person changed since you started. */
  theirs: FieldName[];
  /** Fields you both changed, differently. */
  conflicts: FieldName[];
}

export function mergeFields(base: EditableFields, mine: EditableFields, theirs: EditableFields): MergeResult {
  const merged = { ...mine };
  const changedByThem: FieldName[] = [];
  const conflicts: FieldName[] = [];
  for (const name of fieldNames) {
    const mineChanged = !same(base[name], mine[name]);
    const theirsChanged = !same(base[name], theirs[name]);
    if (theirsChanged) changedByThem.push(name);
    if (theirsChanged && !mineChanged) (merged as Record<FieldName, unknown>)[name] = theirs[name];
    else if (theirsChanged && mineChanged && !same(mine[name], theirs[name])) conflicts.push(name);
  }
  return { merged, theirs: changedByThem, conflicts };
}
