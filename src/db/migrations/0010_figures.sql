CREATE TABLE "indicator_items" (
	"indicator_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "indicator_items_indicator_id_item_id_pk" PRIMARY KEY("indicator_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"slug" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"definition" text,
	"unit" text NOT NULL,
	"direction" text DEFAULT 'geen' NOT NULL,
	"frequency" text DEFAULT 'onbekend' NOT NULL,
	"breakdowns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"children" boolean DEFAULT false NOT NULL,
	"baseline" jsonb,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"quote" text,
	"note" text,
	"interpreted" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicators_plan_slug" UNIQUE("plan_id","slug"),
	CONSTRAINT "indicators_unit_check" CHECK (unit in ('aantal', 'percentage', 'euro', 'dagen', 'score', 'tekst')),
	CONSTRAINT "indicators_direction_check" CHECK (direction in ('lager', 'hoger', 'geen'))
);
--> statement-breakpoint
CREATE TABLE "measurements" (
	"id" serial PRIMARY KEY NOT NULL,
	"indicator_id" integer NOT NULL,
	"date" date NOT NULL,
	"label" text NOT NULL,
	"scope" text DEFAULT 'totaal' NOT NULL,
	"value" double precision,
	"text" text,
	"source" text,
	"note" text,
	"provisional" boolean DEFAULT false NOT NULL,
	"quote" text,
	"interpreted" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"entered_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measurements_indicator_date_scope" UNIQUE("indicator_id","date","scope")
);
--> statement-breakpoint
ALTER TABLE "indicator_items" ADD CONSTRAINT "indicator_items_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_items" ADD CONSTRAINT "indicator_items_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_items_item_idx" ON "indicator_items" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "measurements_indicator_date_idx" ON "measurements" USING btree ("indicator_id","date");