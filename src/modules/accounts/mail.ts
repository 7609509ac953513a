/**
 * Sending messages. Every message is kept in the outbox table; with SMTP_URL it is
 * also sent, without it administrators read it in the app (/beheer/outbox).
 */
import { desc, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Logger } from "pino";
import type { Db } from "../../db/client.ts";
import { canManageUsers, refusal } from "../access/policy.ts";
import { outbox } from "./schema.ts";
import type { Viewer } from "../access/viewer.ts";

export interface Message {
  to: string;
  subject: string;
  body: string;
}

export interface Mailer {
  send(db: Db, message: Message): Promise<void>;
}

export function createMailer(settings: { smtpUrl: string | undefined; from: string }, logger: Logger): Mailer {
  const transport = settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : undefined;
  return {
    async send(db, message) {
      const [row] = await db.insert(outbox).values(message).returning({ id: outbox.id });
      if (!transport) {
        logger.warn({ to: message.to, subject: message.subject }, "SMTP_URL is niet ingesteld: het bericht staat in de outbox (/beheer/outbox)");
        return;
      }
      try {
        await transport.sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.body });
        await db.update(outbox).set({ sentAt: new Date() }).where(eq(outbox.id, row!.id));
      } catch (error) {
        logger.error({ err: error, to: message.to }, "verzenden mislukt; het bericht staat in de outbox");
      }
    },
  };
}

export async function listOutbox(db: Db, viewer: Viewer, limit = 100) {
  if (!canManageUsers(viewer)) throw refusal(viewer);
  return db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit);
}
