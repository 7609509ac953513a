/**
 * Three-way merge of a form's fields, for when someone else saved the same thing
 * (an item, a plan, a glossary term) while you were editing it: fields only they
 * changed take their value, fields only you changed keep yours, and fields you
 * both changed differently are conflicts that you decide (your value is kept in the form).
 */

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface MergeResult<T> {
  merged: T;
  /** Fields the other person changed since you started. */
  theirs: (keyof T)[];
  /** Fields you both changed, differently. */
  conflicts: (keyof T)[];
}

/** The fields whose values differ between two versions of the same form. */
export function changedFields<T extends object>(from: T, to: T): (keyof T)[] {
  return (Object.keys(from) as (keyof T)[]).filter((name) => !same(from[name], to[name]));
}

export function mergeFields<T extends object>(base: T, mine: T, theirs: T): MergeResult<T> {
  const merged = { ...mine };
  const conflicts: (keyof T)[] = [];
  const changedByThem = changedFields(base, theirs);
  for (const name of changedByThem) {
    const mineChanged = !same(base[name], mine[name]);
    if (!mineChanged) merged[name] = theirs[name];
    else if (!same(mine[name], theirs[name])) conflicts.push(name);
  }
  return { merged, theirs: changedByThem, conflicts };
}
