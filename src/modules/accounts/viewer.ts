/**
 * Who is asking. Services take a viewer and decide what it may see; routes only
 * pass it on. Anonymous visitors see published content only.
 */
export type Viewer = { kind: "anonymous" } | { kind: "system" };

export const anonymous: Viewer = { kind: "anonymous" };
/** The command line and start-up work: operators with access to the server itself. */
export const system: Viewer = { kind: "system" };

export function canReadUnpublished(viewer: Viewer): boolean {
  return viewer.kind === "system";
}
