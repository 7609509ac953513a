import { describe, expect, it } from "vitest";
import { compareSnapshots, diffBudget, MAX_WORD_EDITS, wordDiff, type Change, type Comparison } from "./compare.ts";
import type { PlanSnapshot, SnapshotItem } from "../plans/snapshot.ts";

type Shape = Partial<Omit<SnapshotItem, "children">> & { id: number; children?: Shape[] };

function item({ children = [], ...fields }: Shape): SnapshotItem {
  return {
    code: String(fields.id),
    level: "thema",
    title: `Onderdeel ${fields.id}`,
    sections: [],
    when: null,
    budget: null,
    priority: false,
    reducedCapacity: null,
    parties: [],
    topics: [],
    links: [],
    ...fields,
    children: children.map(item),
  };
}

function plan(items: Shape[], fields: Partial<PlanSnapshot> = {}): PlanSnapshot {
  return {
    format: 1,
    title: "Jaarplan 2025",
    subtitle: null,
    status: "vastgesteld",
    period: { label: "2025", start: "2025-01-01", end: "2025-12-31" },
    levels: [
      { key: "thema", name: "Thema" },
      { key: "actie", name: "Actie" },
    ],
    sections: [],
    closingSections: [],
    items: items.map(item),
    ...fields,
  };
}

/** Each changed item as "id:status[+verplaatst]". */
const summary = (c: Comparison) => c.items.map((i) => `${i.id}:${i.status}${i.moved ? "+verplaatst" : ""}`);

describe("wordDiff", () => {
  it.each([
    ["same text", "in het voorjaar", "in het voorjaar", [{ kind: "same", text: "in het voorjaar" }]],
    [
      "one word replaced",
      "in het voorjaar van 2025",
      "in het najaar van 2025",
      [
        { kind: "same", text: "in het " },
        { kind: "removed", text: "voorjaar" },
        { kind: "added", text: "najaar" },
        { kind: "same", text: " van 2025" },
      ],
    ],
    ["all new", "", "Nieuwe tekst", [{ kind: "added", text: "Nieuwe tekst" }]],
    ["all gone", "Oude tekst", "", [{ kind: "removed", text: "Oude tekst" }]],
  ])("%s", (_, before, after, expected) => {
    expect(wordDiff(before, after)).toEqual(expected);
  });

  it("keeps the new text exactly and the old text up to spacing", () => {
    const before = "Het team bespreekt elke maand de thuiszitters met de leerplicht.";
    const after = "Het team bespreekt elk kwartaal de thuiszitters met leerplicht en het CJG.";
    const segments = wordDiff(before, after)!;
    const text = (skip: string) => segments.filter((s) => s.kind !== skip).map((s) => s.text).join("");
    const words = (t: string) => t.split(/\s+/).join(" ").replace(/ (?=\.)/g, "");
    expect(text("removed")).toBe(after);
    expect(words(text("added"))).toBe(before);
  });
});

describe("compareSnapshots: which items changed, in the order of the newer plan", () => {
  const base: Shape[] = [
    { id: 1, children: [{ id: 11, level: "actie" }, { id: 12, level: "actie" }, { id: 13, level: "actie" }] },
    { id: 2, children: [{ id: 21, level: "actie" }] },
  ];
  const cases: [string, Shape[], string[]][] = [
    ["nothing changed", base, []],
    [
      "an item added between two others",
      [{ id: 1, children: [{ id: 11 }, { id: 14 }, { id: 12 }, { id: 13 }] }, { id: 2, children: [{ id: 21 }] }],
      ["14:added"],
    ],
    [
      "an item removed is listed at its old place",
      [{ id: 1, children: [{ id: 11 }, { id: 13 }] }, { id: 2, children: [{ id: 21 }, { id: 22 }] }],
      ["12:removed", "22:added"],
    ],
    [
      "a removed item with its children, before a kept one",
      [{ id: 2, children: [{ id: 21 }] }],
      ["1:removed", "11:removed", "12:removed", "13:removed"],
    ],
    [
      "an item moved to another parent",
      [{ id: 1, children: [{ id: 11 }, { id: 13 }] }, { id: 2, children: [{ id: 21 }, { id: 12 }] }],
      ["12:kept+verplaatst"],
    ],
    [
      "an item moved to the front among its siblings",
      [{ id: 1, children: [{ id: 13 }, { id: 11 }, { id: 12 }] }, { id: 2, children: [{ id: 21 }] }],
      ["13:kept+verplaatst"],
    ],
    [
      "two top items swapped: one of them moved",
      [{ id: 2, children: [{ id: 21 }] }, { id: 1, children: [{ id: 11 }, { id: 12 }, { id: 13 }] }],
      ["1:kept+verplaatst"],
    ],
    [
      "a removed parent whose child moved elsewhere",
      [{ id: 2, children: [{ id: 21 }, { id: 11 }] }],
      ["1:removed", "12:removed", "13:removed", "11:kept+verplaatst"],
    ],
  ];
  it.each(cases)("%s", (_, newer, expected) => {
    const result = compareSnapshots(plan(base), plan(newer));
    expect(summary(result)).toEqual(expected);
  });

  it("counts each kind of change", () => {
    const newer: Shape[] = [
      { id: 1, title: "Nieuwe titel", children: [{ id: 13 }, { id: 11 }] },
      { id: 2, children: [{ id: 21 }, { id: 30 }] },
    ];
    expect(compareSnapshots(plan(base), plan(newer)).counts).toEqual({ added: 1, removed: 1, moved: 1, changed: 1 });
  });

  it("says from where to where an item moved, in the plan's own words", () => {
    const newer: Shape[] = [{ id: 1, children: [{ id: 11 }, { id: 13 }] }, { id: 2, title: "Overgang", children: [{ id: 21 }, { id: 12, level: "actie" }] }];
    const entry = compareSnapshots(plan(base), plan(newer)).items.find((i) => i.id === 12);
    expect(entry).toMatchObject({
      id: 12,
      code: "12",
      level: "Actie",
      moved: {
        fromParent: { code: "1", title: "Onderdeel 1", level: "Thema" },
        toParent: { code: "2", title: "Overgang", level: "Thema" },
        fromPosition: 2,
        toPosition: 2,
      },
    });
  });
});

describe("compareSnapshots: what changed in an item", () => {
  const one = (fields: Partial<SnapshotItem>) => plan([{ id: 1, ...fields }]);
  const cases: [string, Partial<SnapshotItem>, Partial<SnapshotItem>, Change[]][] = [
    [
      "title",
      { title: "Thuiszitters terug naar school" },
      { title: "Alle thuiszitters terug naar school" },
      [
        {
          kind: "text",
          field: "title",
          before: "Thuiszitters terug naar school",
          after: "Alle thuiszitters terug naar school",
          segments: [
            { kind: "removed", text: "Thuiszitters" },
            { kind: "added", text: "Alle thuiszitters" },
            { kind: "same", text: " terug naar school" },
          ],
        },
      ],
    ],
    [
      "code",
      { code: "1.2" },
      { code: "1.3" },
      [
        {
          kind: "text",
          field: "code",
          before: "1.2",
          after: "1.3",
          segments: [{ kind: "same", text: "1." }, { kind: "removed", text: "2" }, { kind: "added", text: "3" }],
        },
      ],
    ],
    [
      "timing given where there was none",
      { when: null },
      { when: "Voor de zomer" },
      [{ kind: "text", field: "when", before: null, after: "Voor de zomer", segments: [{ kind: "added", text: "Voor de zomer" }] }],
    ],
    [
      "budget removed",
      { budget: "Post 4" },
      { budget: null },
      [{ kind: "text", field: "budget", before: "Post 4", after: null, segments: [{ kind: "removed", text: "Post 4" }] }],
    ],
    ["priority", { priority: false }, { priority: true }, [{ kind: "value", field: "priority", before: false, after: true }]],
    [
      "reduced capacity",
      { reducedCapacity: "Minder uren" },
      { reducedCapacity: "Geen uren" },
      [
        {
          kind: "text",
          field: "reducedCapacity",
          before: "Minder uren",
          after: "Geen uren",
          segments: [{ kind: "removed", text: "Minder" }, { kind: "added", text: "Geen" }, { kind: "same", text: " uren" }],
        },
      ],
    ],
    [
      "a section changed, one added, one removed, by heading",
      { sections: [{ title: "Opgave", text: "Veel verzuim." }, { title: "Hoe", text: "Met scholen." }] },
      { sections: [{ title: "Opgave", text: "Minder verzuim." }, { title: "Monitoring", text: "Per kwartaal." }] },
      [
        {
          kind: "text",
          field: "section",
          heading: "Opgave",
          before: "Veel verzuim.",
          after: "Minder verzuim.",
          segments: [{ kind: "removed", text: "Veel" }, { kind: "added", text: "Minder" }, { kind: "same", text: " verzuim." }],
        },
        { kind: "text", field: "section", heading: "Hoe", before: "Met scholen.", after: null, segments: [{ kind: "removed", text: "Met scholen." }] },
        { kind: "text", field: "section", heading: "Monitoring", before: null, after: "Per kwartaal.", segments: [{ kind: "added", text: "Per kwartaal." }] },
      ],
    ],
    [
      "sections only reordered: no change",
      { sections: [{ title: "Opgave", text: "A" }, { title: "Hoe", text: "B" }] },
      { sections: [{ title: "Hoe", text: "B" }, { title: "Opgave", text: "A" }] },
      [],
    ],
    [
      "parties, topics and links: what came and what went",
      { parties: ["trekker (SWV)", "GGD"], topics: ["Verzuim"], links: ["link: Plan 1.2 Iets"] },
      { parties: ["GGD", "CJG: voorlichting"], topics: ["Verzuim", "Thuiszitters"], links: [] },
      [
        { kind: "list", field: "parties", added: ["CJG: voorlichting"], removed: ["trekker (SWV)"] },
        { kind: "list", field: "topics", added: ["Thuiszitters"], removed: [] },
        { kind: "list", field: "links", added: [], removed: ["link: Plan 1.2 Iets"] },
      ],
    ],
  ];
  it.each(cases)("%s", (_, before, after, expected) => {
    const result = compareSnapshots(one(before), one(after));
    expect(result.items.flatMap((i) => i.changes)).toEqual(expected);
    expect(summary(result)).toEqual(expected.length ? ["1:kept"] : []);
  });

  it("shows the content of an added item as added, and of a removed item as removed", () => {
    const child: Shape = { id: 2, level: "actie", when: "2025", sections: [{ title: "Hoe", text: "Samen" }] };
    const added = compareSnapshots(plan([{ id: 1 }]), plan([{ id: 1, children: [child] }])).items[0]!;
    expect(added).toMatchObject({ id: 2, status: "added", code: "2", title: "Onderdeel 2", level: "Actie" });
    expect(added.changes.map((c) => c.kind === "text" && [c.field, c.segments.map((s) => s.kind)])).toEqual([
      ["section", ["added"]],
      ["when", ["added"]],
    ]);
    const removed = compareSnapshots(plan([{ id: 1, children: [child] }]), plan([{ id: 1 }])).items[0]!;
    expect(removed.status).toBe("removed");
    expect(removed.changes.flatMap((c) => (c.kind === "text" ? c.segments.map((s) => s.kind) : []))).toEqual(["removed", "removed"]);
  });
});

describe("compareSnapshots: the plan itself", () => {
  it("reports title, subtitle, status, period, sections and closing sections", () => {
    const older = plan([], {
      sections: [{ title: "Inleiding", text: "Dit plan loopt een jaar." }],
      closingSections: [{ title: "Tot slot", text: "Dank" }],
    });
    const newer = plan([], {
      title: "Jaarplan 2025 (herzien)",
      subtitle: "Samen verder",
      status: "afgesloten",
      period: { label: "2025", start: "2025-01-01", end: "2026-07-31" },
      sections: [{ title: "Inleiding", text: "Dit plan loopt anderhalf jaar." }],
      closingSections: [],
    });
    const changes = compareSnapshots(older, newer).plan;
    expect(changes.map((c) => [c.field, "heading" in c ? c.heading : undefined])).toEqual([
      ["title", undefined],
      ["subtitle", undefined],
      ["status", undefined],
      ["period", undefined],
      ["section", "Inleiding"],
      ["closingSection", "Tot slot"],
    ]);
    expect(changes[2]).toEqual({ kind: "value", field: "status", before: "vastgesteld", after: "afgesloten" });
    expect(changes[3]).toMatchObject({ after: "2025 (1 januari 2025 tot en met 31 juli 2026)" });
    expect(changes[4]).toMatchObject({
      segments: [
        { kind: "same", text: "Dit plan loopt " },
        { kind: "removed", text: "een" },
        { kind: "added", text: "anderhalf" },
        { kind: "same", text: " jaar." },
      ],
    });
  });

  it("reports nothing when nothing changed", () => {
    const same = plan([{ id: 1, sections: [{ title: "Hoe", text: "Zo" }] }], { sections: [{ title: "Inleiding", text: "Tekst" }] });
    expect(compareSnapshots(same, structuredClone(same))).toEqual({
      plan: [],
      items: [],
      counts: { added: 0, removed: 0, moved: 0, changed: 0 },
    });
  });
});

/**
 * What `work` costs in processor time (this process, all threads), in milliseconds. The
 * limits are about work per request; wall time on a busy test machine says little about it.
 */
function cpuTime<T>(work: () => T): { result: T; cpuMs: number } {
  const start = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(start);
  return { result, cpuMs: (used.user + used.system) / 1000 };
}

/** A seeded stream of Dutch-looking words, so that the texts are the same at every run. */
function wordStream(seed: number) {
  const syllables = ["ver", "zuim", "leer", "ling", "school", "zorg", "plan", "ge", "meen", "te", "jeugd", "hulp", "over", "stap", "werk", "groep"];
  let state = seed;
  // mulberry32
  const next = (n: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
  };
  return (count: number) =>
    Array.from({ length: count }, () => Array.from({ length: 1 + next(3) }, () => syllables[next(syllables.length)]).join("")).join(" ");
}

/** The old and the new text as the segments tell them: same + removed, same + added. */
const sides = (segments: { kind: string; text: string }[]) => ({
  old: segments.filter((s) => s.kind !== "added").map((s) => s.text).join(""),
  new: segments.filter((s) => s.kind !== "removed").map((s) => s.text).join(""),
});

describe("wordDiff: bounded work", () => {
  it("gives up on two unrelated 8 000-word versions of one text at once, instead of taking seconds", () => {
    const words = wordStream(1);
    const before = words(8_000);
    const after = words(8_000);
    const { result, cpuMs } = cpuTime(() => wordDiff(before, after));
    expect(result).toBeUndefined();
    expect(cpuMs).toBeLessThan(500);
  });

  it("compares a long text with changes in many paragraphs word by word, paragraph by paragraph", () => {
    const words = wordStream(2);
    const paragraphs = Array.from({ length: 60 }, () => words(120));
    const changed = paragraphs.map((p, i) => (i % 3 === 0 ? p.replace(/^(\S+ \S+) (\S+)/, "$1 nieuw") : p));
    const before = paragraphs.join("\n\n");
    const after = changed.join("\n\n");
    const { result: segments, cpuMs } = cpuTime(() => wordDiff(before, after)!);
    expect(cpuMs).toBeLessThan(500);
    expect(sides(segments).new).toBe(after);
    expect(segments.filter((s) => s.kind === "added").map((s) => s.text.trim())).toEqual(Array(20).fill("nieuw"));
    expect(segments.filter((s) => s.kind === "removed")).toHaveLength(20);
  });

  it("keeps unchanged paragraphs whole and marks words only in the changed one", () => {
    const before = "Eerste alinea blijft.\n\nTweede alinea over verzuim.\n\nDerde alinea blijft ook.";
    const after = "Eerste alinea blijft.\n\nTweede alinea over thuiszitten.\n\nDerde alinea blijft ook.";
    expect(wordDiff(before, after)).toEqual([
      { kind: "same", text: "Eerste alinea blijft.\n\nTweede alinea over " },
      { kind: "removed", text: "verzuim" },
      { kind: "added", text: "thuiszitten" },
      { kind: "same", text: ".\n\nDerde alinea blijft ook." },
    ]);
  });

  it("word-diffs a rewritten passage up to the cap, and not beyond it", () => {
    const words = wordStream(3);
    const common = words(50);
    // Words that occur on one side only: n replaced words are 2n edits.
    const only = (prefix: string, n: number) => words(n).replace(/\S+/g, (w) => prefix + w);
    const within = Math.floor(MAX_WORD_EDITS / 2) - 10;
    const [before, after] = [`${common} ${only("oud", within)}`, `${common} ${only("nieuw", within)}`];
    const small = wordDiff(before, after)!;
    expect(small.map((s) => s.kind)).toEqual(["same", "removed", "added"]);
    expect(sides(small).new).toBe(after);
    const beyond = Math.floor(MAX_WORD_EDITS / 2) + 10;
    expect(wordDiff(`${common} ${only("oud", beyond)}`, `${common} ${only("nieuw", beyond)}`)).toBeUndefined();
  });

  it("tells the new text exactly, for any edits within the cap", () => {
    const words = wordStream(4);
    for (let round = 0; round < 50; round++) {
      const base = Array.from({ length: 8 }, () => words(30));
      const edited = base.map((p, i) => ((i + round) % 4 === 0 ? words(5) + " " + p.split(" ").slice(3).join(" ") : p));
      if (round % 5 === 0) edited.splice(round % 8, 1);
      const segments = wordDiff(base.join("\n"), edited.join("\n"))!;
      expect(sides(segments).new).toBe(edited.join("\n"));
    }
  });

  it("stops comparing word by word once the comparison's time is spent", () => {
    expect(wordDiff("in het voorjaar", "in het najaar", diffBudget(0))).toBeUndefined();
    expect(wordDiff("", "nieuw", diffBudget(0))).toEqual([{ kind: "added", text: "nieuw" }]);
  });
});

describe("compareSnapshots: bounded work", () => {
  it("shows a text that is too different whole, old then new, and marks it so", () => {
    const words = wordStream(5);
    const before = words(8_000);
    const after = words(8_000);
    const { result, cpuMs } = cpuTime(() =>
      compareSnapshots(plan([{ id: 1, sections: [{ title: "Hoe", text: before }] }]), plan([{ id: 1, sections: [{ title: "Hoe", text: after }] }])),
    );
    expect(cpuMs).toBeLessThan(1_000);
    expect(result.items[0]!.changes).toEqual([
      { kind: "text", field: "section", heading: "Hoe", before, after, whole: true, segments: [{ kind: "removed", text: before }, { kind: "added", text: after }] },
    ]);
  });

  it("shows every text whole once the comparison's budget is spent, and still lists every change", () => {
    const older = plan([{ id: 1, title: "Oud", when: "voorjaar" }]);
    const newer = plan([{ id: 1, title: "Nieuw", when: "najaar" }]);
    const changes = compareSnapshots(older, newer, diffBudget(0)).items[0]!.changes;
    expect(changes.map((c) => c.kind === "text" && [c.field, c.whole])).toEqual([
      ["title", true],
      ["when", true],
    ]);
  });

  it("compares a plan with thousands of items, reordered, in n log n time", () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => i + 1);
    const older = plan(ids.map((id) => ({ id })));
    // Every second item moved to the end, in reverse order.
    const newer = plan([...ids.filter((id) => id % 2), ...ids.filter((id) => id % 2 === 0).reverse()].map((id) => ({ id })));
    const { result, cpuMs } = cpuTime(() => compareSnapshots(older, newer));
    expect(cpuMs).toBeLessThan(1_000);
    expect(result.counts.moved).toBe(9_999);
  });
});
