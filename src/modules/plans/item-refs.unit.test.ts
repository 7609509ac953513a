import { describe, expect, it } from "vitest";
import { findByRef, refFor, type RefNode } from "./item-refs.ts";

const n = (code: string | null, ...children: RefNode[]): RefNode & { name: string } => ({
  code,
  children,
  name: code ?? "-",
});
// Theme 1 › 1.2 › steps 1..3, theme 2 › 2.1 › step 3 › 3a; theme 3 without children.
const step3a = n("3a");
const step12_3 = n("3");
const step21_3 = n("3", step3a);
const theme3 = n("3");
const tree = [n("1", n("1.1"), n("1.2", n("1"), n("2"), step12_3)), n("2", n("2.1", n("1"), step21_3)), theme3, n(null, n("x"))];

describe("findByRef", () => {
  it.each([
    ["3", theme3],
    ["1.2/3", step12_3],
    ["2.1/3", step21_3],
    ["3a", step3a],
    ["2/3/3a", step3a],
  ])("%s", (ref, expected) => expect(findByRef(tree, ref)).toBe(expected));

  it.each([
    ["9", "onderdeel '9' bestaat niet"],
    ["1.2/9", "onderdeel '1.2/9' bestaat niet"],
  ])("%s is refused", (ref, message) => expect(findByRef(tree, ref)).toBe(message));

  it("refuses a code that occurs twice at the highest level where it occurs", () => {
    expect(findByRef([n("1", n("a")), n("2", n("a"))], "a")).toMatch(/niet eenduidig/);
  });
});

describe("refFor", () => {
  it.each([
    [theme3, "3"],
    [step12_3, "1.2/3"],
    [step21_3, "2.1/3"],
    [step3a, "3a"],
  ])("names %#", (node, ref) => expect(refFor(tree, node)).toBe(ref));

  it("every coded item is found back by its reference", () => {
    const all: RefNode[] = [];
    const walk = (list: RefNode[]) => list.forEach((x) => (all.push(x), walk(x.children)));
    walk(tree);
    for (const node of all.filter((x) => x.code)) expect(findByRef(tree, refFor(tree, node)!)).toBe(node);
  });

  it("cannot name an item without a code", () => {
    expect(refFor(tree, tree[3]!)).toBeUndefined();
  });
});
