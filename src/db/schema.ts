/** Every table, for Drizzle and drizzle-kit. Each module owns its own schema file. */
export * from "./system-schema.ts";
export * from "../modules/organisations/schema.ts";
export * from "../modules/plans/schema.ts";
export * from "../modules/monitoring/schema.ts";
export * from "../modules/rounds/schema.ts";
export * from "../modules/glossary/schema.ts";
export * from "../modules/accounts/schema.ts";
export * from "../modules/audit/schema.ts";
export * from "../modules/figures/schema.ts";
export * from "../modules/reports/schema.ts";
export * from "../modules/governance/schema.ts";
export * from "../modules/notifications/schema.ts";
