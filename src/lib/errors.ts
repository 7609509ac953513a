/** Something asked for does not exist, or the viewer may not see it (the two look the same from outside). */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

/** A change that cannot be made because of what is already there. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** The PostgreSQL error code of a failed statement (drizzle wraps the driver's error in `cause`). */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null | undefined;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

/** A unique constraint refused the write: someone else added the same thing first. */
export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === "23505";

/** A foreign key refused the write: what it points to was removed meanwhile. */
export const isForeignKeyViolation = (error: unknown): boolean => sqlState(error) === "23503";
