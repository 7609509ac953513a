/** OpenAPI description of the read API under /api/v1. */
const planSummary = {
  type: "object",
  required: ["slug", "title", "kind", "status", "period", "owners"],
  properties: {
    slug: { type: "string" },
    title: { type: "string" },
    subtitle: { type: ["string", "null"] },
    kind: { type: "string", enum: ["agenda", "uitvoeringsagenda", "uitvoeringsplan", "jaarplan", "activiteitenplan", "ondersteuningsplan"] },
    status: { type: "string", enum: ["concept", "in-besluitvorming", "vastgesteld", "afgesloten"] },
    period: { $ref: "#/components/schemas/Period" },
    owners: { type: "array", items: { $ref: "#/components/schemas/Organisation" } },
    regions: { type: "array", items: { type: "object", properties: { slug: { type: "string" }, name: { type: "string" } } } },
  },
};

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Koers API",
    version: "1.0.0",
    description:
      "Lezen van plannen, evaluaties, regio's en begrippen. Zonder inlog alleen gepubliceerde inhoud. Antwoorden hebben de vorm { data }; fouten { error: { status, message } }.",
  },
  servers: [{ url: "/api/v1" }],
  paths: {
    "/plans": {
      get: {
        summary: "Alle plannen",
        responses: { "200": { description: "Lijst van plannen", content: { "application/json": { schema: { type: "object", properties: { data: { type: "array", items: planSummary } } } } } } },
      },
    },
    "/plans/{slug}": {
      get: {
        summary: "Eén plan met niveaus, besluitvorming en de boom van onderdelen",
        parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": { description: "Het plan", content: { "application/json": { schema: { type: "object", properties: { data: { $ref: "#/components/schemas/Plan" } } } } } },
          "404": { description: "Plan bestaat niet of is niet zichtbaar", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        },
      },
    },
    "/evaluations": { get: { summary: "Evaluaties (filter met ?plan=slug)", responses: { "200": { description: "Lijst" } } } },
    "/evaluations/{slug}": {
      get: {
        summary: "Eén evaluatie met de voortgang per onderdeel",
        parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "De evaluatie" }, "404": { description: "Bestaat niet" } },
      },
    },
    "/search": {
      get: {
        summary: "Zoeken in het Nederlands (stamvormen, zonder accenten) in plannen en onderdelen",
        parameters: [
          { name: "q", in: "query", required: true, schema: { type: "string" } },
          { name: "plan", in: "query", schema: { type: "string" } },
          { name: "organisation", in: "query", schema: { type: "string" } },
          { name: "region", in: "query", schema: { type: "string" } },
          { name: "topic", in: "query", schema: { type: "string" } },
          { name: "level", in: "query", schema: { type: "string" } },
          { name: "limit", in: "query", schema: { type: "integer", maximum: 50 } },
          { name: "offset", in: "query", schema: { type: "integer" } },
        ],
        responses: { "200": { description: "{ data: resultaten, meta: { query, total, limit, offset } }" } },
      },
    },
    "/plans/{slug}/items/{id}": {
      patch: {
        summary: "Een onderdeel wijzigen (API-sleutel met schrijfrecht); version moet de huidige versie zijn",
        parameters: [
          { name: "slug", in: "path", required: true, schema: { type: "string" } },
          { name: "id", in: "path", required: true, schema: { type: "integer" } },
        ],
        responses: {
          "200": { description: "Het gewijzigde onderdeel met zijn nieuwe versie" },
          "401": { description: "Niet ingelogd" },
          "403": { description: "Geen toestemming" },
          "409": { description: "Intussen door iemand anders gewijzigd" },
        },
      },
    },
    "/regions": { get: { summary: "Regio's met hun leden", responses: { "200": { description: "Lijst" } } } },
    "/glossary": { get: { summary: "Begrippen en afkortingen", responses: { "200": { description: "Lijst" } } } },
  },
  components: {
    schemas: {
      Period: { type: "object", properties: { label: { type: "string" }, start: { type: "string", format: "date" }, end: { type: "string", format: "date" } } },
      Organisation: { type: "object", properties: { slug: { type: "string" }, name: { type: "string" }, shortName: { type: ["string", "null"] } } },
      Section: { type: "object", properties: { title: { type: "string" }, text: { type: "string", description: "Markdown" } } },
      Item: {
        type: "object",
        required: ["code", "level", "title", "sections", "parties", "when", "children"],
        properties: {
          id: { type: "integer" },
          code: { type: ["string", "null"] },
          level: { type: "string", description: "Het eigen woord van het plan voor dit niveau" },
          levelKey: { type: "string" },
          title: { type: "string" },
          sections: { type: "array", items: { $ref: "#/components/schemas/Section" } },
          parties: {
            type: "array",
            items: {
              type: "object",
              properties: {
                role: { type: ["string", "null"] },
                task: { type: ["string", "null"] },
                organisations: { type: "array", items: { $ref: "#/components/schemas/Organisation" } },
              },
            },
          },
          when: { type: ["string", "null"], description: "Timing zoals geschreven" },
          budget: { type: ["string", "null"] },
          priority: { type: "boolean" },
          reducedCapacity: { type: ["string", "null"] },
          topics: { type: "array", items: { type: "object", properties: { slug: { type: "string" }, name: { type: "string" } } } },
          links: { type: "array", items: { type: "object" } },
          version: { type: "integer" },
          children: { type: "array", items: { $ref: "#/components/schemas/Item" } },
        },
      },
      Plan: {
        allOf: [
          planSummary,
          {
            type: "object",
            properties: {
              levels: { type: "array", items: { type: "object", properties: { key: { type: "string" }, name: { type: "string" }, plural: { type: "string" } } } },
              approvals: { type: "array", items: { type: "object", properties: { body: { type: "string" }, date: { type: ["string", "null"] }, outcome: { type: "string" }, adopts: { type: "boolean" } } } },
              sections: { type: "array", items: { $ref: "#/components/schemas/Section" } },
              items: { type: "array", items: { $ref: "#/components/schemas/Item" } },
            },
          },
        ],
      },
      Error: { type: "object", properties: { error: { type: "object", properties: { status: { type: "integer" }, message: { type: "string" } } } } },
    },
  },
} as const;
