DROP INDEX "audit_plan_idx";--> statement-breakpoint
DROP INDEX "audit_item_idx";--> statement-breakpoint
CREATE INDEX "audit_plan_idx" ON "audit_log" USING btree ("plan_id","id");--> statement-breakpoint
CREATE INDEX "audit_item_idx" ON "audit_log" USING btree ("item_id","id");