import type { z } from "zod";

/** A problem in an input file, named by file, path and field so a person can find it. */
export interface InputProblem {
  file: string;
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  );
}

export function zodProblems(file: string, error: z.ZodError): InputProblem[] {
  return error.issues.map((issue) => ({
    file,
    path: formatPath(issue.path) || "(bestand)",
    message: issue.message,
  }));
}

export function describeProblems(problems: readonly InputProblem[]): string {
  return problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join("\n");
}

export class InputError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(describeProblems(problems));
    this.name = "InputError";
  }
}

/**
 * The problems of a refused command, placed on a form: each next to the form field
 * `fieldOf` names for its path (the first one per field), the rest in a list at the
 * top. Forms show what the service found; they do not check the rules themselves.
 */
export function problemsForForm(
  problems: readonly InputProblem[],
  fieldOf: (path: string) => string | undefined,
): { errors: Record<string, string>; other: string[] } {
  const errors: Record<string, string> = {};
  const other: string[] = [];
  for (const p of problems) {
    const field = fieldOf(p.path);
    if (field !== undefined && errors[field] === undefined) errors[field] = p.message;
    else other.push(p.message);
  }
  return { errors, other };
}
