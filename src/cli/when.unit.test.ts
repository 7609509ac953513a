import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { PasswordRuleError } from "../modules/accounts/service.ts";
import { registerWhenCommand } from "./when.ts";

function program() {
  let out = "";
  let err = "";
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
  const command = new Command().exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  registerWhenCommand(command, io);
  return { run: (...args: string[]) => command.parseAsync(args, { from: "user" }), out: () => out, err: () => err };
}

describe("koers when", () => {
  it("prints how the text is read, as JSON", async () => {
    const cli = program();
    await cli.run("when", "Q3 2025", "--plan-period", "2025-08-01/2026-07-31");
    expect(cli.out()).toBe(
      `${JSON.stringify({ text: "Q3 2025", start: "2025-07-01", end: "2025-09-30", kind: "period", moments: [] }, null, 2)}\n`,
    );
  });

  it("prints an unreadable text as unreadable", async () => {
    const cli = program();
    await cli.run("when", "de komende maanden", "--plan-period", "2024-01-01/2024-12-31");
    expect(JSON.parse(cli.out())).toEqual({ text: "de komende maanden", start: null, end: null, kind: "unreadable", moments: [] });
  });

  it.each([
    ["uiterlijk 1 maart 2026", { start: "2025-08-01", end: "2026-03-01", kind: "deadline" }],
    ["voor de zomervakantie", { start: "2025-08-01", end: "2026-07-03", kind: "deadline" }],
    ["na de herfstvakantie", { start: "2025-10-27", end: "2026-07-31", kind: "from" }],
    ["eind schooljaar 2025-2026", { start: "2026-05-01", end: "2026-07-31", kind: "period" }],
  ])("prints %j with its kind", async (text, expected) => {
    const cli = program();
    await cli.run("when", text, "--plan-period", "2025-08-01/2026-07-31");
    expect(JSON.parse(cli.out())).toEqual({ text, moments: [], ...expected });
  });

  it.each([
    [[], "2026-07-03"],
    [["--regio", "noord"], "2026-07-03"],
    [["--regio", "Midden"], "2026-07-17"],
    [["--regio", "zuid"], "2026-07-10"],
  ])("reads school holidays for the region given by %j", async (regio, end) => {
    const cli = program();
    await cli.run("when", "voor de zomervakantie", "--plan-period", "2025-08-01/2026-07-31", ...regio);
    expect(JSON.parse(cli.out())).toMatchObject({ kind: "deadline", end });
  });

  it("refuses an unknown region with a Dutch message", async () => {
    const cli = program();
    const error = await cli.run("when", "Q3 2025", "--plan-period", "2025-08-01/2026-07-31", "--regio", "oost").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PasswordRuleError);
    expect((error as Error).message).toBe("Onbekende regio 'oost': kies noord, midden, zuid.");
    expect(cli.out()).toBe("");
  });

  it("explains the kinds and the region in its help", async () => {
    const cli = program();
    await expect(cli.run("when", "--help")).rejects.toBeInstanceOf(CommanderError);
    for (const kind of ["period", "moments", "continuous", "from", "deadline", "undecided", "unreadable"]) expect(cli.out()).toContain(`  ${kind} `);
    expect(cli.out()).toContain("--regio <regio>");
  });

  it.each(["2025-08-01", "2025-08-01/2026-02-30", "01-08-2025/31-07-2026", "2026-07-31/2025-08-01", "schooljaar"])(
    "refuses --plan-period %s with a Dutch message",
    async (value) => {
      const cli = program();
      const error = await cli.run("when", "Q3 2025", "--plan-period", value).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PasswordRuleError);
      expect((error as Error).message).toMatch(/^Ongeldige planperiode/);
      expect(cli.out()).toBe("");
    },
  );

  it("requires --plan-period", async () => {
    const cli = program();
    await expect(cli.run("when", "Q3 2025")).rejects.toBeInstanceOf(CommanderError);
    expect(cli.err()).toContain("--plan-period");
  });
});
