CREATE TABLE "item_deletions" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"title" text NOT NULL,
	"deleted_by" text NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_snapshots" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"label" text NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"taken_by" text NOT NULL,
	"content" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "deletion_id" integer;--> statement-breakpoint
ALTER TABLE "item_deletions" ADD CONSTRAINT "item_deletions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_snapshots" ADD CONSTRAINT "plan_snapshots_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_deletions_plan_idx" ON "item_deletions" USING btree ("plan_id","deleted_at");--> statement-breakpoint
CREATE INDEX "plan_snapshots_plan_idx" ON "plan_snapshots" USING btree ("plan_id","taken_at");--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_deletion_id_item_deletions_id_fk" FOREIGN KEY ("deletion_id") REFERENCES "public"."item_deletions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "items_deletion_idx" ON "items" USING btree ("deletion_id");