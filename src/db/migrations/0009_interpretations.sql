ALTER TABLE "items" ADD COLUMN "interpreted" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_approvals" ADD COLUMN "interpreted" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD COLUMN "interpreted" jsonb DEFAULT '[]'::jsonb NOT NULL;