CREATE TABLE "reconciliations" (
	"id" serial PRIMARY KEY NOT NULL,
	"indicator_id" integer NOT NULL,
	"date" date NOT NULL,
	"scope" text DEFAULT 'totaal' NOT NULL,
	"explanation" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reconciliations_indicator_date_scope" UNIQUE("indicator_id","date","scope")
);
--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "compare_with" text;--> statement-breakpoint
ALTER TABLE "reconciliations" ADD CONSTRAINT "reconciliations_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;