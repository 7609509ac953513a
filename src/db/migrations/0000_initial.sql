CREATE TABLE "system_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"kind" text NOT NULL,
	"note" text,
	CONSTRAINT "organisations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "region_members" (
	"region_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"position" integer NOT NULL,
	"note" text,
	CONSTRAINT "region_members_region_id_organisation_id_pk" PRIMARY KEY("region_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	CONSTRAINT "regions_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "item_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"from_item_id" integer NOT NULL,
	"to_item_id" integer NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "item_parties" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"position" integer NOT NULL,
	"role" text,
	"task" text
);
--> statement-breakpoint
CREATE TABLE "item_party_organisations" (
	"party_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "item_party_organisations_party_id_organisation_id_pk" PRIMARY KEY("party_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "item_topics" (
	"item_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "item_topics_item_id_topic_id_pk" PRIMARY KEY("item_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"parent_id" integer,
	"position" integer NOT NULL,
	"code" text,
	"level" text NOT NULL,
	"title" text NOT NULL,
	"sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"when_text" text,
	"budget" text,
	"priority" boolean DEFAULT false NOT NULL,
	"reduced_capacity" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_approvals" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"position" integer NOT NULL,
	"body" text NOT NULL,
	"date" date,
	"outcome" text NOT NULL,
	"adopts" boolean DEFAULT false NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "plan_owners" (
	"plan_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "plan_owners_plan_id_organisation_id_pk" PRIMARY KEY("plan_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "plan_regions" (
	"plan_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "plan_regions_plan_id_region_id_pk" PRIMARY KEY("plan_id","region_id")
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"subtitle" text,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"period_label" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"parent_id" integer,
	"parent_title" text,
	"source" text,
	"levels" jsonb NOT NULL,
	"layout" jsonb NOT NULL,
	"sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"closing_sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"footnotes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	CONSTRAINT "topics_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"plan_id" integer NOT NULL,
	"period_id" integer NOT NULL,
	"title" text NOT NULL,
	"subtitle" text,
	"date" date NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"source" text,
	"sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"closing_sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"footnotes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "evaluations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "progress_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"period_id" integer NOT NULL,
	"evaluation_id" integer,
	"position" integer DEFAULT 0 NOT NULL,
	"heading" text,
	"results" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"planning" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_periods" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"label" text NOT NULL,
	"start" date NOT NULL,
	"end" date NOT NULL,
	CONSTRAINT "reporting_periods_plan_label" UNIQUE("plan_id","label")
);
--> statement-breakpoint
CREATE TABLE "glossary_terms" (
	"id" serial PRIMARY KEY NOT NULL,
	"term" text NOT NULL,
	"full" text,
	"meaning" text NOT NULL,
	CONSTRAINT "glossary_terms_term_unique" UNIQUE("term")
);
--> statement-breakpoint
ALTER TABLE "region_members" ADD CONSTRAINT "region_members_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_members" ADD CONSTRAINT "region_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_links" ADD CONSTRAINT "item_links_from_item_id_items_id_fk" FOREIGN KEY ("from_item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_links" ADD CONSTRAINT "item_links_to_item_id_items_id_fk" FOREIGN KEY ("to_item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_parties" ADD CONSTRAINT "item_parties_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_party_organisations" ADD CONSTRAINT "item_party_organisations_party_id_item_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."item_parties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_party_organisations" ADD CONSTRAINT "item_party_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_topics" ADD CONSTRAINT "item_topics_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_topics" ADD CONSTRAINT "item_topics_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_parent_id_items_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_approvals" ADD CONSTRAINT "plan_approvals_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_owners" ADD CONSTRAINT "plan_owners_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_owners" ADD CONSTRAINT "plan_owners_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_regions" ADD CONSTRAINT "plan_regions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_regions" ADD CONSTRAINT "plan_regions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_parent_id_plans_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."plans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_period_id_reporting_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_period_id_reporting_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD CONSTRAINT "reporting_periods_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "region_members_org_idx" ON "region_members" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "item_links_from_idx" ON "item_links" USING btree ("from_item_id","position");--> statement-breakpoint
CREATE INDEX "item_links_to_idx" ON "item_links" USING btree ("to_item_id");--> statement-breakpoint
CREATE INDEX "item_parties_item_idx" ON "item_parties" USING btree ("item_id","position");--> statement-breakpoint
CREATE INDEX "item_party_organisations_org_idx" ON "item_party_organisations" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "item_topics_topic_idx" ON "item_topics" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "items_plan_parent_idx" ON "items" USING btree ("plan_id","parent_id","position");--> statement-breakpoint
CREATE INDEX "items_parent_idx" ON "items" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "items_plan_code_idx" ON "items" USING btree ("plan_id","code");--> statement-breakpoint
CREATE INDEX "plan_approvals_plan_idx" ON "plan_approvals" USING btree ("plan_id","position");--> statement-breakpoint
CREATE INDEX "plan_owners_org_idx" ON "plan_owners" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "plan_regions_region_idx" ON "plan_regions" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "progress_updates_item_idx" ON "progress_updates" USING btree ("item_id","period_id");--> statement-breakpoint
CREATE INDEX "progress_updates_evaluation_idx" ON "progress_updates" USING btree ("evaluation_id","position");