CREATE TABLE "reporting_cycles" (
	"plan_id" integer PRIMARY KEY NOT NULL,
	"cycle" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reporting_cycles_cycle_check" CHECK ("reporting_cycles"."cycle" in ('trimester', 'kwartaal', 'halfjaar', 'jaar'))
);
--> statement-breakpoint
ALTER TABLE "progress_updates" ADD COLUMN "status" text;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD COLUMN "percentage" integer;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD COLUMN "author_id" integer;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD COLUMN "author_name" text;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "reporting_cycles" ADD CONSTRAINT "reporting_cycles_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "progress_updates_monitoring_unique" ON "progress_updates" USING btree ("item_id","period_id") WHERE evaluation_id is null;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_percentage_check" CHECK ("progress_updates"."percentage" between 0 and 100);--> statement-breakpoint
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_status_check" CHECK ("progress_updates"."status" in ('niet-gestart', 'op-koers', 'aandacht-nodig', 'achter-op-planning', 'afgerond', 'uitgesteld', 'vervallen'));--> statement-breakpoint
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_monitoring_status_check" CHECK ("progress_updates"."evaluation_id" is not null or "progress_updates"."status" is not null);