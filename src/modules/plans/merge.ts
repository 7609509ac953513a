/** An item's edit form, for the three-way merge in src/lib/merge.ts. */
import type { Section } from "./format.ts";

/** An item as its edit form holds it: empty text is "", relations in form order. */
export interface EditableFields {
  title: string;
  code: string;
  when: string;
  budget: string;
  priority: boolean;
  reducedCapacity: string;
  internalNote: string;
  sections: Section[];
  parties: { role: string; task: string; organisations: string[] }[];
  topics: string[];
  /** `label` names the target for the form; it travels with the link. */
  links: { targetId: number; kind: string; note: string; label: string }[];
}

export type FieldName = keyof EditableFields;

export { changedFields, mergeFields, type MergeResult } from "../../lib/merge.ts";
