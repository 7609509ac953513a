/**
 * References to items inside a plan, as the exchange format writes them.
 * A reference is a code ("1.2") or a path of codes ("1.2/3": item 3 below 1.2).
 * Codes repeat across levels (theme 3 and step 3 of an activity), so a bare
 * code names the item highest in the tree, provided no other item with that
 * code is as high.
 */
export interface RefNode {
  code?: string | null | undefined;
  children: RefNode[];
}

function highest<T extends RefNode>(roots: T[], code: string): T[] {
  let level = roots;
  while (level.length > 0) {
    const found = level.filter((n) => n.code === code);
    if (found.length > 0) return found;
    level = level.flatMap((n) => n.children as T[]);
  }
  return [];
}

/** The item a reference names, or a Dutch message saying why there is none. */
export function findByRef<T extends RefNode>(roots: T[], ref: string): T | string {
  let scope = roots;
  let found: T | undefined;
  for (const code of ref.split("/")) {
    const matches = highest(scope, code);
    if (matches.length === 0) return `onderdeel '${ref}' bestaat niet`;
    if (matches.length > 1) return `'${ref}' is niet eenduidig: code '${code}' komt ${matches.length} keer voor op hetzelfde niveau`;
    found = matches[0]!;
    scope = found.children as T[];
  }
  return found ?? `onderdeel '${ref}' bestaat niet`;
}

/** The shortest reference that finds `target` back, or undefined when it cannot be named by codes. */
export function refFor<T extends RefNode>(roots: T[], target: T): string | undefined {
  const path = ancestry(roots, target);
  if (!path || !target.code) return undefined;
  const coded = path.filter((n) => n.code);
  for (let start = coded.length - 1; start >= 0; start--) {
    const ref = coded
      .slice(start)
      .map((n) => n.code)
      .join("/");
    if (findByRef(roots, ref) === target) return ref;
  }
  return undefined;
}

function ancestry<T extends RefNode>(nodes: T[], target: T): T[] | undefined {
  for (const n of nodes) {
    if (n === target) return [n];
    const below = ancestry(n.children as T[], target);
    if (below) return [n, ...below];
  }
  return undefined;
}
