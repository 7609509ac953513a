/**
 * Text Koers cannot store (NUL characters, lone surrogates, bytes that are not UTF-8) is
 * refused wherever it comes in: forms, JSON bodies, query strings, addresses and imported
 * files. The refusal names where (the field, the parameter, the file and its path), in Dutch;
 * nothing is stored, not even as replacement characters; and no stack trace or SQL reaches
 * the person or the command line's output, only the log at debug level.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodes } from "../../src/cli/index.ts";
import { openDatabase } from "../../src/db/client.ts";
import { textFaults } from "../../src/lib/text-safety.ts";
import { InputError } from "../../src/lib/validation.ts";
import { createApiToken, listApiTokens, sessionViewer } from "../../src/modules/accounts/service.ts";
import { system, type Viewer } from "../../src/modules/access/viewer.ts";
import { importPaths } from "../../src/modules/exchange/service.ts";
import { getPlan, listPlans } from "../../src/modules/plans/reading.ts";
import { createApp } from "../../src/web/app.tsx";
import { CSRF_COOKIE, SESSION_COOKIE } from "../../src/web/auth.ts";
import { makeUser } from "../helpers/accounts.ts";
import { testApp, type TestApp } from "../helpers/apps.ts";
import { cliForTests } from "../helpers/cli.ts";
import { client } from "../helpers/client.ts";
import { databaseKinds, freshDatabase, type TestDatabase } from "../helpers/databases.ts";
import { visibleText } from "../helpers/html.ts";
import { dataDir, seededDatabase } from "../helpers/seeded.ts";

const SLUG = "jaarplan-ppo-nk-2023";
const jaarplan = () => readFileSync(join(dataDir, "plans", `${SLUG}.yaml`), "utf8");
/** Signs of internals: a stack frame, an SQL statement, a driver's error. */
const internals = /\bat .+:\d+:\d+|Failed query|\binsert into\b|\bselect\b.+\bfrom\b|params:|Error:/i;

describe.each(databaseKinds)("bad bytes in requests on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: ReturnType<typeof client>;
  let viewer: Viewer;
  let writeKey: string;
  let item: { id: number; version: number; title: string; when: string | null };

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db, { KOERS_PUBLIC_URL: "http://localhost" });
    const { session } = await makeUser(database.db, "redacteur@ppo-nk.nl", { roles: [["ppo-nk", "redacteur"]] });
    viewer = (await sessionViewer(database.db, session))!;
    writeKey = await createApiToken(database.db, viewer, "schrijven", "read-write");
    browser = client(app);
    browser.jar.set(SESSION_COOKIE, session);
    await browser.get("/account");
    const first = (await getPlan(database.db, system, SLUG)).items[0]!;
    item = { id: first.id, version: first.version, title: first.title, when: first.when };
  });
  afterAll(() => database.dispose());

  /** Posts a form body as given, bytes and all, the way the account page would (with its CSRF token). */
  const postForm = (path: string, body: string | Uint8Array) => {
    const prefix = new TextEncoder().encode(`_csrf=${browser.cookie(CSRF_COOKIE)}&`);
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    return app.request(path, {
      method: "POST",
      body: new Uint8Array([...prefix, ...bytes]),
      headers: {
        cookie: `${SESSION_COOKIE}=${browser.cookie(SESSION_COOKIE)}; ${CSRF_COOKIE}=${browser.cookie(CSRF_COOKIE)}`,
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://localhost",
      },
    });
  };
  const patchItem = (body: string | Uint8Array) =>
    app.request(`/api/v1/plans/${SLUG}/items/${item.id}`, {
      method: "PATCH",
      body,
      headers: { authorization: `Bearer ${writeKey}`, "content-type": "application/json" },
    });
  const keyNames = async () => (await listApiTokens(database.db, viewer)).map((t) => t.name);
  const storedItem = async () => {
    const now = (await getPlan(database.db, system, SLUG)).items[0]!;
    return { id: now.id, version: now.version, title: now.title, when: now.when };
  };

  describe("forms", () => {
    it.each([
      ["a NUL character", "name=sleutel%00naam&scope=read", "het veld 'name'", textFaults.nul],
      ["an escaped Latin-1 byte", "name=caf%E9&scope=read", "het veld 'name'", textFaults.utf8],
      ["a surrogate encoded in UTF-8", "name=%ED%A0%80&scope=read", "het veld 'name'", textFaults.utf8],
      ["a NUL in a field's name", "na%00me=x&scope=read", "de naam van het veld 'na?me'", textFaults.nul],
    ])("refuses %s, names the field and stores nothing", async (_, body, where, fault) => {
      const before = await keyNames();
      const res = await postForm("/account/sleutels", body);
      expect(res.status).toBe(400);
      const text = visibleText(await res.text());
      expect(text).toContain(`Dit verzoek is geweigerd: ${where} ${fault}.`);
      expect(text).not.toMatch(internals);
      expect(await keyNames()).toEqual(before);
    });

    it("refuses raw bytes that are not UTF-8, not only escaped ones", async () => {
      const before = await keyNames();
      const res = await postForm("/account/sleutels", new Uint8Array([...new TextEncoder().encode("scope=read&name=caf"), 0xe9]));
      expect(res.status).toBe(400);
      expect(visibleText(await res.text())).toContain(`de inhoud ${textFaults.utf8}`);
      expect(await keyNames()).toEqual(before);
    });

    it("takes good text in every script, emoji included, unchanged", async () => {
      const name = "Agenda café ünd 日本 👋";
      const res = await postForm("/account/sleutels", `name=${encodeURIComponent(name)}&scope=read`);
      expect(res.status).toBe(200);
      expect(await keyNames()).toContain(name);
    });
  });

  describe("JSON bodies", () => {
    it.each([
      ["a NUL escape in a field", JSON.stringify({ version: 0, title: "Thuis\u0000zitters" }), "het veld 'title'", textFaults.nul],
      ["a lone surrogate in a nested field", `{"version": 0, "sections": [{"title": "Hoe", "text": "half \\ud800 teken"}]}`, "het veld 'sections[0].text'", textFaults.surrogate],
      ["a NUL in a key", `{"version": 0, "ti\\u0000tle": "x"}`, "de naam van het veld 'ti?tle'", textFaults.nul],
    ])("refuses %s, names the field and changes nothing", async (_, body, where, fault) => {
      const before = await storedItem();
      const res = await patchItem(body.replace('"version": 0', `"version": ${before.version}`).replace('"version":0', `"version":${before.version}`));
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { status: number; message: string } };
      expect(error).toEqual({ status: 400, message: `Dit verzoek is geweigerd: ${where} ${fault}.` });
      expect(await storedItem()).toEqual(before);
    });

    it("refuses a body that is not UTF-8", async () => {
      const before = await storedItem();
      const body = new Uint8Array([...new TextEncoder().encode(`{"version": ${before.version}, "when": "caf`), 0xe9, ...new TextEncoder().encode('"}')]);
      const res = await patchItem(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(`Dit verzoek is geweigerd: de inhoud ${textFaults.utf8}.`);
      expect(await storedItem()).toEqual(before);
    });

    it("still takes a good change, with a byte order mark in front", async () => {
      const before = await storedItem();
      const body = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify({ version: before.version, when: "Voorjaar 👋" }))]);
      expect((await patchItem(body)).status).toBe(200);
      expect((await storedItem()).when).toBe("Voorjaar 👋");
    });
  });

  describe("addresses", () => {
    it.each([
      ["a NUL in a query parameter", "/zoeken?q=thuis%00zitters", "de parameter 'q' in het adres", textFaults.nul],
      ["a Latin-1 byte in a query parameter", "/zoeken?q=caf%E9", "de parameter 'q' in het adres", textFaults.utf8],
      ["a NUL in a path parameter", `/plannen/${SLUG}%00`, "het adres", textFaults.nul],
      ["an overlong slash in a path parameter", "/plannen/%C0%AF", "het adres", textFaults.utf8],
    ])("refuses %s and names it", async (_, path, where, fault) => {
      const res = await app.request(path);
      expect(res.status).toBe(400);
      const text = visibleText(await res.text());
      expect(text).toContain(`Dit verzoek is geweigerd: ${where} ${fault}.`);
      expect(text).not.toMatch(internals);
    });

    it("answers the API in JSON, naming the address", async () => {
      const res = await app.request(`/api/v1/plans/${SLUG}%00`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { status: 400, message: `Dit verzoek is geweigerd: het adres ${textFaults.nul}.` } });
    });

    it("takes good text in the address: accents, emoji and a literal percent sign", async () => {
      expect((await app.request(`/zoeken?q=${encodeURIComponent("café 👋 100%")}`)).status).toBe(200);
    });
  });
});

describe.each(databaseKinds)("an internal failure on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(kind);
    // A table that is gone makes every query on it fail, with the statement in the driver's error.
    await database.db.execute(sql`drop table topics cascade`);
  });
  afterAll(() => database.dispose());

  it("shows a plain message; the log has no SQL at error level and the details at debug level only", async () => {
    const lines: { level: number; msg: string; text: string }[] = [];
    const logger = pino({ level: "debug" }, { write: (line: string) => lines.push({ ...JSON.parse(line), text: line }) });
    const app = createApp({ db: database.db, logger });
    const res = await app.request("/onderwerpen");
    expect(res.status).toBe(500);
    const text = visibleText(await res.text());
    expect(text).toContain("Er ging iets mis aan onze kant");
    expect(text).not.toMatch(internals);
    const errors = lines.filter((l) => l.level >= 50);
    expect(errors.length).toBeGreaterThan(0);
    for (const l of errors) expect(l.text).not.toMatch(/select|from "?topics|Failed query|\.ts:\d+/i);
    expect(lines.some((l) => l.level === 20 && /Failed query: select/.test(l.text))).toBe(true);
  });
});

describe.each(databaseKinds)("bad bytes in imports on %s", (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await seededDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), "koers-bytes-"));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.dispose();
  });

  /** The source plan as a new plan "kopie", with `edit` applied to its YAML text, as bytes. */
  function planFile(name: string, edit: (yaml: string) => string | Uint8Array): string {
    const raw = parse(jaarplan());
    raw.slug = "kopie";
    raw.items[0].title = "Onderdeel ITEM";
    const content = edit(stringify(raw, { lineWidth: 0 }));
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }
  const slugs = async () => (await listPlans(database.db, system)).map((p) => p.slug).sort();
  const replaceFirst = (yaml: string, key: string, value: string) => yaml.replace(new RegExp(`^(\\s*(?:- )?${key}: ).*$`, "m"), `$1${value}`);

  it.each([
    ["a raw NUL byte in the title", (y: string) => replaceFirst(y, "title", "Jaarplan\u0000 2023"), "title", textFaults.nul],
    ["an escaped NUL in an item's title", (y: string) => y.replace("Onderdeel ITEM", '"Thuis\\0zitters"'), "items[0].title", textFaults.nul],
    ["a lone surrogate escape", (y: string) => replaceFirst(y, "subtitle", '"half \\ud800 teken"'), "subtitle", textFaults.surrogate],
  ])("refuses %s, naming file and path; the database is unchanged", async (_, edit, path, message) => {
    const before = await slugs();
    const file = planFile("kopie.yaml", edit);
    const error = await importPaths(database, [file]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toContainEqual({ file: "kopie.yaml", path, message });
    expect(await slugs()).toEqual(before);
  });

  it("refuses bytes that are not UTF-8 with the file and the line, instead of storing replacement characters", async () => {
    const before = await slugs();
    const file = planFile("latin1.yaml", (y) => {
      const text = replaceFirst(y, "title", "Jaarplan caf__");
      const bytes = new TextEncoder().encode(text);
      const at = text.indexOf("caf__") + 3;
      bytes[at] = 0xe9; // é in Latin-1
      bytes[at + 1] = 0x20;
      return bytes;
    });
    const line = readFileSync(file, "latin1").split("\n").findIndex((l) => l.includes("caf")) + 1;
    const error = await importPaths(database, [file]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toEqual([{ file: "latin1.yaml", path: `regel ${line}`, message: expect.stringContaining(textFaults.utf8) }]);
    expect(await slugs()).toEqual(before);
  });

  it("reads a file with a byte order mark", async () => {
    const file = planFile("bom.yaml", (y) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(y)]));
    await importPaths(database, [file]);
    expect(await slugs()).toContain("kopie");
  });
});

describe.each(databaseKinds)("the command line on %s", (kind) => {
  const cli = cliForTests(kind, "koers-cli-bytes-");
  const koers = (extraEnv: NodeJS.ProcessEnv, ...args: string[]) => cli.run(args, extraEnv);

  it("refuses a file with a NUL byte, naming file and path, without a stack trace or SQL", async () => {
    const raw = parse(jaarplan());
    raw.slug = "met-nul";
    raw.items[0].title = "Thuis\u0000zitters";
    const file = join(cli.dir, "met-nul.yaml");
    writeFileSync(file, stringify(raw));
    const result = await koers({}, "import", file);
    expect(result.code).toBe(exitCodes.refused);
    expect(result.err).toContain(`met-nul.yaml: items[0].title: ${textFaults.nul}`);
    expect(result.err + result.out).not.toMatch(internals);
    expect((await koers({}, "export", "met-nul")).code).toBe(exitCodes.refused);
  }, 300_000); // the first command loads the source plans into a new database

  it("says plainly that something failed inside, and keeps the details for the debug log", async () => {
    expect((await koers({}, "migrate")).code).toBe(exitCodes.ok);
    // Break the database behind Koers' back: the items table is gone.
    const database = kind === "postgres" ? await openDatabase({ url: cli.env.DATABASE_URL! }) : await openDatabase({ dir: join(cli.dir, "data", "db") });
    try {
      await database.db.execute(sql`drop table items cascade`);
    } finally {
      await database.close();
    }
    const plain = await koers({}, "export", SLUG);
    expect(plain.code).toBe(exitCodes.failed);
    expect(plain.err).toBe("Er ging iets mis in Koers zelf; de opdracht is niet afgemaakt. Zet LOG_LEVEL=debug voor de technische details.\n");
    const info = await koers({ LOG_LEVEL: "info" }, "export", SLUG);
    expect(info.err).not.toMatch(internals);
    const debug = await koers({ LOG_LEVEL: "debug" }, "export", SLUG);
    expect(debug.code).toBe(exitCodes.failed);
    expect(debug.err).toMatch(/"level":20.*Failed query/);
  }, 300_000);
});
