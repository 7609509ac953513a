import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, freshDatabase, type TestDatabase } from "../../../test/helpers/databases.ts";
import { createMailer, listOutbox } from "./mail.ts";
import { commandLine } from "../access/viewer.ts";

describe.each(databaseKinds)("mail without SMTP on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(kind);
  });
  afterAll(() => database.dispose());

  it("keeps the message in the outbox and says so in the log", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, new Writable({ write: (chunk, _, done) => (lines.push(String(chunk)), done()) }));
    await createMailer({ smtpUrl: undefined, from: "koers@test" }, logger).send(database.db, { to: "a@b.nl", subject: "Onderwerp", body: "Tekst" });
    const [message] = await listOutbox(database.db, commandLine);
    expect(message).toMatchObject({ to: "a@b.nl", subject: "Onderwerp", body: "Tekst", sentAt: null });
    expect(lines.join("")).toContain("SMTP_URL is niet ingesteld: het bericht staat in de outbox");
  });
});
