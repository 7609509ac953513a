/** OpenAPI description of the API under /api/v1. */
import { itemInterpretations, linkKinds } from "../modules/plans/format.ts";
import { COUNT, LENGTH } from "../lib/limits.ts";
import { API_PLANS_MAX, API_PLANS_PAGE } from "../modules/plans/reading.ts";
import { API_EVALUATIONS_MAX, API_EVALUATIONS_PAGE } from "../modules/evaluations/service.ts";
import { breakdowns, indicatorDirections, indicatorFrequencies, indicatorUnits } from "../modules/figures/format.ts";

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

const slugParam = { name: "slug", in: "path", required: true, schema: { type: "string" } };
const idParam = { name: "id", in: "path", required: true, schema: { type: "integer" } };
/** A refusal's body: { error: { status, message, problems? } }. */
/** Signed out, or signed in without the right. */
const refusals = { "401": { description: "Niet ingelogd" }, "403": { description: "Geen toestemming" } };
const asError = { content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };

const indicatorParam = { name: "indicator", in: "path", required: true, schema: { type: "string" }, description: "Korte naam (slug) van de indicator" };
/** One measurement as POST /plans/{slug}/measurements takes it. */
const measurementInput = {
  type: "object",
  required: ["indicator", "date"],
  properties: {
    indicator: { type: "string", description: "Korte naam (slug) van een indicator van dit plan" },
    date: { type: "string", format: "date", description: "Peildatum, JJJJ-MM-DD" },
    label: { type: ["string", "null"], maxLength: LENGTH.name, description: "Periode zoals u die noemt; standaard de peildatum als dd-mm-jjjj" },
    scope: {
      type: "string",
      default: "totaal",
      description: `'totaal' of '<indeling>:<sleutel>' met als indeling ${breakdowns.join(", ")} (bijvoorbeeld swv:swv-po-ijmond)`,
    },
    value: { type: ["number", "null"], description: "Een getal; een percentage zoals geschreven (1.96 voor 1,96%). Alleen null bij een kwalitatieve indicator (eenheid tekst)" },
    text: { type: ["string", "null"], maxLength: LENGTH.text, description: "Het verhaal bij een kwalitatieve meting" },
    source: { type: ["string", "null"], maxLength: LENGTH.phrase },
    note: { type: ["string", "null"], maxLength: LENGTH.note },
    provisional: { type: "boolean", default: false },
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
        summary: `De plannen, per pagina van ${API_PLANS_PAGE} (of limit, hoogstens ${API_PLANS_MAX}); zonder page de eerste pagina. Een pagina na de laatste is leeg`,
        parameters: [
          { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: API_PLANS_MAX, default: API_PLANS_PAGE } },
        ],
        responses: {
          "200": {
            description: "Een pagina plannen: { data, total, page, pageSize, links: { next, prev } }; next en prev zijn null op de laatste en de eerste pagina",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    data: { type: "array", items: planSummary },
                    total: { type: "integer", description: "Alle plannen die u mag lezen" },
                    page: { type: "integer" },
                    pageSize: { type: "integer" },
                    links: { type: "object", properties: { next: { type: ["string", "null"] }, prev: { type: ["string", "null"] } } },
                  },
                },
              },
            },
          },
          "400": { description: "limit is geen heel getal van 1 tot en met het maximum", ...asError },
        },
      },
      post: {
        summary:
          "Een nieuw, leeg plan maken als concept, niet openbaar, met de niveaus en indeling van een sjabloon (API-sleutel met schrijfrecht van een redacteur van elke eigenaar, of een beheerder)",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["template", "title", "kind", "owners", "period"],
                properties: {
                  template: { type: "string", description: "'leeg' (één niveau) of de korte naam van een bronplan: uitvoeringsplan-nk-2025-2026, allen-voor-een-2022-2024, jaarplan-ppo-nk-2023, activiteitenplan-swvnk-2024" },
                  title: { type: "string", maxLength: LENGTH.title },
                  subtitle: { type: ["string", "null"], maxLength: LENGTH.phrase },
                  slug: { type: ["string", "null"], description: "Korte naam in het adres; standaard gemaakt van de titel" },
                  kind: planSummary.properties.kind,
                  owners: { type: "array", items: { type: "string" }, minItems: 1, description: "Korte namen van de eigenaars: organisaties waarvan u redacteur bent" },
                  regions: { type: "array", items: { type: "string" }, description: "Korte namen van regio's" },
                  period: { $ref: "#/components/schemas/Period" },
                },
              },
            },
          },
        },
        responses: {
          "201": { description: "Gemaakt: { data: het plan zoals GET /plans/{slug} }" },
          "400": { description: "Geen geldige JSON, of de invoer klopt niet; error.problems noemt elk probleem met het veld (title, owners[0], period.end)", ...asError },
          ...refusals,
        },
      },
    },
    "/plans/{slug}/copy": {
      post: {
        summary:
          "Het plan voor een nieuwe periode maken uit dit plan (API-sleutel met schrijfrecht van een redacteur van het plan). Een concept, niet openbaar, met de onderdelen, partijen, onderwerpen, verwijzingen en indicatoren; zonder voortgang, metingen of versies. Elk onderdeel verwijst naar zijn herkomst (origin); het plan zelf blijft zoals het is. Alles of niets",
        parameters: [slugParam],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["title", "period", "items"],
                properties: {
                  title: { type: "string", maxLength: LENGTH.title },
                  slug: { type: ["string", "null"], description: "Korte naam in het adres; standaard gemaakt van de titel" },
                  period: { $ref: "#/components/schemas/Period" },
                  items: { type: "string", enum: ["all", "unfinished"], description: "unfinished: zonder de onderdelen waarvan de laatste voortgang afgerond of vervallen is (en waaronder niets meer open staat)" },
                },
              },
            },
          },
        },
        responses: {
          "201": { description: "Gemaakt: { data: { slug, copied, leftOut, indicators, links: { self, html } } }" },
          "400": { description: "Geen geldige JSON, of de invoer klopt niet; error.problems noemt elk probleem met het veld", ...asError },
          ...refusals,
          "404": { description: "Plan bestaat niet of is niet zichtbaar", ...asError },
        },
      },
    },
    "/plans/{slug}": {
      get: {
        summary: "Eén plan met niveaus, besluitvorming en de boom van onderdelen",
        parameters: [slugParam],
        responses: {
          "200": { description: "Het plan", content: { "application/json": { schema: { type: "object", properties: { data: { $ref: "#/components/schemas/Plan" } } } } } },
          "404": { description: "Plan bestaat niet of is niet zichtbaar", ...asError },
        },
      },
    },
    "/plans/{slug}/items/{id}/backlinks": {
      get: {
        summary: "Alle onderdelen die naar dit onderdeel verwijzen, per pagina van 50 (het plan zelf geeft er de eerste 10 en backlinkCount)",
        parameters: [
          slugParam,
          idParam,
          { name: "page", in: "query", schema: { type: "integer", minimum: 1 } },
        ],
        responses: {
          "200": { description: "{ data: verwijzingen, total, page, pageSize, links: { next } }" },
          "404": { description: "Plan of onderdeel bestaat niet of is niet zichtbaar", ...asError },
        },
      },
    },
    "/plans/{slug}/indicators": {
      get: {
        summary:
          "Alle indicatoren van een plan met hun metingen (oudste eerst; per datum eerst het totaal). Een klein aantal over kinderen dat u niet mag zien, is value null met de tekst in display (\"< 5\" of \"–\") en suppressed true",
        parameters: [slugParam],
        responses: {
          "200": {
            description: "De indicatoren",
            content: { "application/json": { schema: { type: "object", properties: { data: { type: "array", items: { $ref: "#/components/schemas/Indicator" } } } } } },
          },
          "404": { description: "Plan bestaat niet of is niet zichtbaar", ...asError },
        },
      },
    },
    "/plans/{slug}/indicators/{indicator}": {
      get: {
        summary: "Eén indicator van een plan met zijn metingen; kleine aantallen over kinderen zoals bij de lijst",
        parameters: [slugParam, indicatorParam],
        responses: {
          "200": { description: "De indicator", content: { "application/json": { schema: { type: "object", properties: { data: { $ref: "#/components/schemas/Indicator" } } } } } },
          "404": { description: "Plan of indicator bestaat niet of is niet zichtbaar", ...asError },
        },
      },
    },
    "/plans/{slug}/measurements": {
      post: {
        summary:
          "Metingen opslaan (API-sleutel met schrijfrecht van een redacteur van het plan): alle rijen of geen. Een rij voor een indicator, datum en gebied die al een waarde heeft, vervangt die",
        parameters: [
          slugParam,
          { name: "dryRun", in: "query", schema: { type: "string", enum: ["true", "1"] }, description: "Alleen controleren, niets opslaan" },
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                oneOf: [
                  { type: "array", items: measurementInput },
                  { type: "object", required: ["data"], properties: { data: { type: "array", items: measurementInput } } },
                ],
              },
            },
          },
        },
        responses: {
          "200": { description: "Proefrun: { data: { saved: 0, checked, dryRun: true } }" },
          "201": { description: "Opgeslagen: { data: { saved, checked, dryRun: false } }" },
          "400": { description: "Geen geldige JSON, geen rijen, of een rij klopt niet; error.problems noemt elk probleem met de rij en het veld ([0], date)", ...asError },
          ...refusals,
          "404": { description: "Plan bestaat niet of is niet zichtbaar", ...asError },
        },
      },
    },
    "/plans/import/docx": {
      post: {
        summary:
          "Een plan uit een Word-document (.docx) voorstellen en, met dryRun=false, inlezen als concept (API-sleutel met schrijfrecht van een redacteur van elke eigenaar, of een beheerder). Alles of niets",
        parameters: [{ name: "dryRun", in: "query", schema: { type: "string", enum: ["true", "false"] }, description: "Standaard true: alleen het voorstel, niets opslaan" }],
        requestBody: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                required: ["file"],
                properties: {
                  file: { type: "string", format: "binary", description: "Het Word-bestand; het hele verzoek hoogstens 1 MB (60 MB uitgepakt)" },
                  details: { type: "string", description: "JSON: { owners: [slug], slug?, title?, kind?, period?: { label, start, end }, mapping?: { columns: { kop: rol }, levels: { key: naam }, headings: { '1': 'items' | 'texts' } } }" },
                },
              },
            },
          },
        },
        responses: {
          "200": { description: "Proefrun: { dryRun: true, imported: false, plan (het plan in het uitwisselformaat), mapping, unreadable (niet ingelezen delen met hun plek), counts }" },
          "201": { description: "Ingelezen als concept, niet gepubliceerd; dezelfde velden met imported: true" },
          "400": { description: "Geen Word-bestand, een leeg of te groot bestand, of het plan klopt niet; error.problems noemt de plek in het plan", ...asError },
          ...refusals,
          "409": { description: "De korte naam bestaat al", ...asError },
        },
      },
    },
    "/evaluations": {
      get: {
        summary: `De evaluaties, de nieuwste eerst, per pagina van ${API_EVALUATIONS_PAGE} (of limit, hoogstens ${API_EVALUATIONS_MAX}); met plan die van één plan`,
        parameters: [
          { name: "plan", in: "query", schema: { type: "string" } },
          { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: API_EVALUATIONS_MAX, default: API_EVALUATIONS_PAGE } },
        ],
        responses: {
          "200": { description: "Een pagina evaluaties: { data, total, page, pageSize, links: { next, prev } }, zoals bij /plans" },
          "400": { description: "limit is geen heel getal van 1 tot en met het maximum", ...asError },
        },
      },
    },
    "/evaluations/{slug}": {
      get: {
        summary: "Eén evaluatie met de voortgang per onderdeel",
        parameters: [slugParam],
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
        summary: "Een onderdeel wijzigen (API-sleutel met schrijfrecht); version moet de huidige versie zijn. Wat u meestuurt, vervangt wat er stond; parties, topics en links als geheel.",
        parameters: [
          slugParam,
          idParam,
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["version"],
                properties: {
                  version: { type: "integer" },
                  title: { type: "string", maxLength: LENGTH.title },
                  code: { type: ["string", "null"], maxLength: LENGTH.code },
                  when: { type: ["string", "null"], maxLength: LENGTH.phrase, description: "Zoals het plan het schrijft" },
                  budget: { type: ["string", "null"], maxLength: LENGTH.phrase },
                  internalNote: { type: ["string", "null"], maxLength: LENGTH.note },
                  sections: {
                    type: "array",
                    maxItems: COUNT.sections,
                    items: { type: "object", properties: { title: { type: "string", maxLength: LENGTH.title }, text: { type: "string", maxLength: LENGTH.text } } },
                  },
                  priority: { type: "boolean" },
                  reducedCapacity: { type: ["string", "null"], maxLength: LENGTH.phrase },
                  parties: {
                    type: "array",
                    maxItems: COUNT.parties,
                    description: "Elke partij heeft een rol, een organisatie of allebei; een organisatie die twee keer genoemd wordt, telt één keer",
                    items: {
                      type: "object",
                      properties: {
                        role: { type: ["string", "null"], maxLength: LENGTH.phrase },
                        task: { type: ["string", "null"], maxLength: LENGTH.phrase },
                        organisations: { type: "array", maxItems: COUNT.partyOrganisations, items: { type: "string" } },
                      },
                    },
                  },
                  topics: { type: "array", maxItems: COUNT.topics, items: { type: "string" }, description: "Slugs van onderwerpen; dubbele tellen één keer" },
                  links: {
                    type: "array",
                    maxItems: COUNT.links,
                    items: {
                      type: "object",
                      required: ["targetId", "kind"],
                      properties: { targetId: { type: "integer" }, kind: { type: "string", enum: [...linkKinds] }, note: { type: ["string", "null"], maxLength: LENGTH.phrase } },
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          "200": { description: "Het gewijzigde onderdeel zoals GET het geeft (zonder children), met zijn nieuwe versie" },
          "400": { description: "Ongeldige wijziging; error.problems noemt per probleem het veld", ...asError },
          ...refusals,
          "404": { description: "Plan of onderdeel bestaat niet (meer)" },
          "409": { description: "Intussen door iemand anders gewijzigd" },
        },
      },
    },
    "/plans/{slug}/updates": {
      get: {
        summary: "Voortgang van alle onderdelen over één rapportageperiode (standaard de huidige), met berekende status en of het te laat is; alleen voor de partners van het plan",
        parameters: [
          slugParam,
          { name: "period", in: "query", schema: { type: "integer" }, description: "Id van de rapportageperiode" },
        ],
        responses: {
          "200": { description: "De voortgang", content: { "application/json": { schema: { type: "object", properties: { data: { $ref: "#/components/schemas/PlanProgress" } } } } } },
          ...refusals,
          "404": { description: "Plan of periode bestaat niet" },
        },
      },
    },
    "/plans/{slug}/items/{id}/updates/{periodId}": {
      put: {
        summary: "De voortgang van een onderdeel over een periode opslaan (API-sleutel met schrijfrecht); version is de huidige versie, of null voor de eerste keer",
        parameters: [
          slugParam,
          idParam,
          { name: "periodId", in: "path", required: true, schema: { type: "integer" } },
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["status"],
                additionalProperties: false,
                properties: {
                  version: { type: ["integer", "null"] },
                  status: { $ref: "#/components/schemas/Status" },
                  results: { type: "string", description: "Wat is bereikt (Markdown)" },
                  planning: { type: "string", description: "Wat komt hierna (Markdown)" },
                  percentage: { type: ["integer", "null"], minimum: 0, maximum: 100 },
                  statusReason: { type: ["string", "null"], description: "Verplicht als de status afwijkt van wat uit de onderdelen eronder volgt" },
                },
              },
            },
          },
        },
        responses: {
          "200": { description: "De opgeslagen voortgang met haar nieuwe versie", content: { "application/json": { schema: { type: "object", properties: { data: { $ref: "#/components/schemas/ProgressUpdate" } } } } } },
          "400": { description: "Ongeldige invoer; de melding noemt het veld" },
          ...refusals,
          "404": { description: "Plan, onderdeel of periode bestaat niet" },
          "409": { description: "Intussen door iemand anders opgeslagen" },
        },
      },
    },
    "/plans/{slug}/rounds/{id}/publication": {
      post: {
        summary: "Maakt de voortgang van een gesloten rapportageronde openbaar (status, resultaten en planning); alleen wie het plan mag bewerken",
        parameters: [slugParam, { name: "id", in: "path", required: true, schema: { type: "integer" } }],
        responses: {
          "200": { description: "De ronde, met publishedAt" },
          ...refusals,
          "404": { description: "Plan of ronde bestaat niet" },
          "409": { description: "De ronde is nog open, of al openbaar" },
        },
      },
      delete: {
        summary: "Trekt de publicatie van een rapportageronde in: de voortgang is weer alleen voor de partners",
        parameters: [slugParam, { name: "id", in: "path", required: true, schema: { type: "integer" } }],
        responses: {
          "200": { description: "De ronde, met publishedAt null" },
          ...refusals,
          "404": { description: "Plan of ronde bestaat niet" },
          "409": { description: "De ronde is niet openbaar" },
        },
      },
    },
    "/plans/{slug}/rounds": {
      get: {
        summary: "Rapportagerondes van een plan, nieuwste periode eerst, met hoeveel onderdelen gemeld zijn (in totaal en per organisatie); alleen voor de partners van het plan",
        parameters: [slugParam],
        responses: {
          "200": {
            description: "De rondes",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    data: {
                      type: "array",
                      items: {
                        type: "object",
                        properties: {
                          id: { type: "integer" },
                          period: { $ref: "#/components/schemas/ReportingPeriod" },
                          deadline: { type: "string", format: "date", description: "Uiterste datum" },
                          message: { type: ["string", "null"] },
                          open: { type: "boolean", description: "false: gesloten; de voortgang over de periode ligt vast" },
                          openedAt: { type: "string", format: "date-time" },
                          closedAt: { type: ["string", "null"], format: "date-time" },
                          publishedAt: { type: ["string", "null"], format: "date-time", description: "Sinds wanneer de voortgang over de periode openbaar is; null: niet openbaar" },
                          completeness: { $ref: "#/components/schemas/Completeness" },
                          organisations: {
                            type: "array",
                            items: { allOf: [{ $ref: "#/components/schemas/Completeness" }, { type: "object", properties: { slug: { type: "string" }, name: { type: "string" } } }] },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...refusals,
          "404": { description: "Plan bestaat niet" },
        },
      },
    },
    "/regions": { get: { summary: "Regio's met hun leden", responses: { "200": { description: "Lijst" } } } },
    "/glossary": { get: { summary: "Begrippen en afkortingen", responses: { "200": { description: "Lijst" } } } },
    "/plans/{slug}/versions": {
      get: {
        summary: "Bewaarde versies van een plan (bij elke vaststelling), oudste eerst",
        parameters: [slugParam],
        responses: {
          "200": { description: "{ data: [{ id, label, takenAt, takenBy, links }] }; takenBy is null voor wie het plan alleen openbaar mag lezen" },
          "404": { description: "Plan bestaat niet" },
        },
      },
    },
    "/plans/{slug}/versions/compare": {
      get: {
        summary: "Twee versies van een plan vergelijken, onderdeel voor onderdeel, met gewijzigde woorden",
        parameters: [
          slugParam,
          { name: "from", in: "query", required: true, description: "Id van een versie, of 'vandaag'", schema: { type: "string" } },
          { name: "to", in: "query", required: true, description: "Id van een versie, of 'vandaag'", schema: { type: "string" } },
        ],
        responses: {
          "200": {
            description:
              "{ data: { plan, from, to, counts: { added, removed, moved, changed }, planChanges, items } }; elk item heeft status added | removed | kept, moved (van/naar bovenliggend onderdeel en plek) en changes; tekstwijzigingen hebben segments [{ kind: same | added | removed, text }], en whole: true als de teksten te veel verschillen om woord voor woord te vergelijken (segments zijn dan de hele oude en de hele nieuwe tekst)",
          },
          "400": { description: "from of to ontbreekt" },
          "404": { description: "Plan of versie bestaat niet (bij dit plan)" },
        },
      },
    },
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
          when: {
            oneOf: [{ $ref: "#/components/schemas/When" }, { type: "null" }],
            description: "Timing zoals geschreven (text) en zoals Koers die leest, ten opzichte van de planperiode",
          },
          budget: { type: ["string", "null"] },
          priority: { type: "boolean" },
          reducedCapacity: { type: ["string", "null"] },
          interpreted: {
            type: "array",
            items: { type: "string", enum: [...itemInterpretations] },
            description: "Velden die Koers zelf uit het document heeft gelezen (niet letterlijk zo in het document)",
          },
          topics: { type: "array", items: { type: "object", properties: { slug: { type: "string" }, name: { type: "string" } } } },
          links: { type: "array", items: { type: "object" } },
          origin: {
            type: ["object", "null"],
            description: "Het onderdeel waaruit dit onderdeel is overgenomen (plan voor een nieuwe periode), als u dat plan mag zien",
            properties: { plan: { type: "string" }, code: { type: ["string", "null"] }, title: { type: "string" }, id: { type: "integer" } },
          },
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
              copiedFrom: {
                type: ["object", "null"],
                description: "Het plan waaruit dit plan is gemaakt (plan voor een nieuwe periode), als u dat plan mag zien",
                properties: { slug: { type: "string" }, title: { type: "string" }, links: { type: "object", properties: { self: { type: "string" }, html: { type: "string" } } } },
              },
              approvals: { type: "array", items: { type: "object", properties: { body: { type: "string" }, date: { type: ["string", "null"] }, outcome: { type: "string" }, adopts: { type: "boolean" } } } },
              sections: { type: "array", items: { $ref: "#/components/schemas/Section" } },
              items: { type: "array", items: { $ref: "#/components/schemas/Item" } },
            },
          },
        ],
      },
      When: {
        type: "object",
        required: ["text", "start", "end", "kind", "moments"],
        properties: {
          text: { type: "string", description: "Precies zoals geschreven" },
          start: { type: ["string", "null"], format: "date" },
          end: { type: ["string", "null"], format: "date", description: "Tot en met" },
          kind: {
            type: "string",
            enum: ["period", "moments", "continuous", "from", "deadline", "undecided", "unreadable"],
            description:
              "deadline: gereed uiterlijk op end (\"voor de zomervakantie\"), start is het begin van het plan; unreadable: Koers begrijpt de tekst niet; start en end zijn dan null",
          },
          moments: {
            type: "array",
            items: { type: "object", properties: { text: { type: "string" }, start: { type: "string", format: "date" }, end: { type: "string", format: "date" } } },
          },
        },
      },
      Status: { type: "string", enum: ["niet-gestart", "op-koers", "aandacht-nodig", "achter-op-planning", "afgerond", "uitgesteld", "vervallen"] },
      Completeness: {
        type: "object",
        description: "due: onderdelen waarvan voortgang gevraagd wordt; done: daarvan gemeld in de periode van de ronde",
        properties: { due: { type: "integer" }, done: { type: "integer" } },
      },
      ReportingPeriod: {
        type: "object",
        properties: { id: { type: "integer" }, label: { type: "string" }, start: { type: "string", format: "date" }, end: { type: "string", format: "date" } },
      },
      ProgressUpdate: {
        type: "object",
        properties: {
          id: { type: "integer" },
          periodId: { type: "integer" },
          status: { $ref: "#/components/schemas/Status" },
          results: { type: "string" },
          planning: { type: "string" },
          percentage: { type: ["integer", "null"] },
          statusReason: { type: ["string", "null"] },
          author: { type: ["string", "null"] },
          createdAt: { type: "string", format: "date-time" },
          updatedAt: { type: "string", format: "date-time" },
          version: { type: "integer" },
        },
      },
      PlanProgress: {
        type: "object",
        properties: {
          plan: { type: "object", properties: { slug: { type: "string" }, title: { type: "string" }, period: { $ref: "#/components/schemas/Period" } } },
          cycle: { type: ["string", "null"], enum: ["trimester", "kwartaal", "halfjaar", "jaar", null] },
          periods: { type: "array", items: { $ref: "#/components/schemas/ReportingPeriod" } },
          period: { oneOf: [{ $ref: "#/components/schemas/ReportingPeriod" }, { type: "null" }] },
          today: { type: "string", format: "date" },
          items: {
            type: "array",
            items: {
              type: "object",
              properties: {
                id: { type: "integer" },
                parentId: { type: ["integer", "null"] },
                depth: { type: "integer" },
                code: { type: ["string", "null"] },
                title: { type: "string" },
                level: { type: "string" },
                levelKey: { type: "string" },
                hasChildren: { type: "boolean" },
                when: { oneOf: [{ $ref: "#/components/schemas/When" }, { type: "null" }] },
                editable: { type: "boolean" },
                status: { oneOf: [{ $ref: "#/components/schemas/Status" }, { type: "null" }], description: "Eigen status in de periode" },
                rolledUp: { oneOf: [{ $ref: "#/components/schemas/Status" }, { type: "null" }], description: "Status die volgt uit de onderdelen eronder" },
                effective: { oneOf: [{ $ref: "#/components/schemas/Status" }, { type: "null" }] },
                overridden: { type: "boolean" },
                late: {
                  type: "object",
                  properties: {
                    late: { type: "boolean" },
                    reasons: { type: "array", items: { type: "string", enum: ["verlopen", "geen-update"] } },
                    dueAfter: { type: ["string", "null"], format: "date" },
                  },
                },
                update: { oneOf: [{ $ref: "#/components/schemas/ProgressUpdate" }, { type: "null" }] },
              },
            },
          },
        },
      },
      Mark: {
        type: "object",
        description: "Een 0-meting of doel: een waarde, of woorden als het document geen getal noemt",
        required: ["label"],
        properties: {
          label: { type: "string" },
          value: { type: "number" },
          text: { type: "string" },
          date: { type: "string", format: "date" },
          note: { type: "string" },
          quote: { type: "string", description: "De woorden van het document" },
          interpreted: { type: "array", items: { type: "string" } },
        },
      },
      Measurement: {
        type: "object",
        properties: {
          date: { type: "string", format: "date" },
          label: { type: "string", description: "De periode zoals het document of de invoer die noemt" },
          scope: { type: "string", description: "'totaal' of '<indeling>:<sleutel>'" },
          scopeName: { type: "string", description: "Zo leest het gebied: Totaal, Gemeente Velsen, PO" },
          value: {
            type: ["number", "null"],
            description: "null als er geen getal is, of als het een klein aantal over kinderen is dat u niet mag zien (suppressed); display geeft dan de tekst",
          },
          display: { type: "string", description: "De waarde zoals een pagina haar toont: 2,37%, 20, < 5, –" },
          suppressed: { type: "boolean", description: "true: de waarde is voor u afgeschermd; text, note en quote zijn dan ook null" },
          enteredBy: { type: "string", description: "Wie de meting invoerde (e-mailadres); alleen voor de partners van het plan" },
          text: { type: ["string", "null"], description: "Het verhaal bij een kwalitatieve meting" },
          source: { type: ["string", "null"] },
          note: { type: ["string", "null"] },
          provisional: { type: "boolean" },
          quote: { type: ["string", "null"], description: "De letterlijke woorden van het brondocument" },
          interpreted: { type: "array", items: { type: "string" }, description: "Velden die Koers zelf uit het document heeft gelezen" },
        },
      },
      Indicator: {
        type: "object",
        properties: {
          slug: { type: "string" },
          name: { type: "string" },
          definition: { type: ["string", "null"] },
          unit: { type: "string", enum: [...indicatorUnits], description: "tekst: kwalitatief, gemeten in woorden" },
          direction: { type: "string", enum: [...indicatorDirections], description: "Wat beter is" },
          frequency: { type: "string", enum: [...indicatorFrequencies] },
          breakdowns: { type: "array", items: { type: "string", enum: [...breakdowns] } },
          children: { type: "boolean", description: "Telt kinderen: kleine aantallen zijn voor wie geen partner is afgeschermd" },
          baseline: { oneOf: [{ $ref: "#/components/schemas/Mark" }, { type: "null" }] },
          targets: { type: "array", items: { $ref: "#/components/schemas/Mark" } },
          interpreted: { type: "array", items: { type: "string" } },
          items: { type: "array", items: { type: "object", properties: { id: { type: "integer" }, code: { type: ["string", "null"] }, title: { type: "string" } } } },
          measurements: { type: "array", items: { $ref: "#/components/schemas/Measurement" } },
          links: { type: "object", properties: { self: { type: "string" }, html: { type: "string" } } },
        },
      },
      Error: {
        type: "object",
        properties: {
          error: {
            type: "object",
            properties: {
              status: { type: "integer" },
              message: { type: "string" },
              problems: {
                type: "array",
                description: "Bij 400: elk probleem met de invoer apart, met het veld waar het om gaat (zoals title of parties[0]).",
                items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } },
              },
            },
          },
        },
      },
    },
  },
} as const;
