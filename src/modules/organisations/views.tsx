import { Page } from "../../web/layout.tsx";
import { Explained } from "../../web/markdown.tsx";
import type { RegionWithMembers } from "./service.ts";

const kindNames: Record<string, string> = {
  jeugdhulpregio: "Jeugdhulpregio's",
  "rmc-regio": "RMC-regio's (verzuim en voortijdig schoolverlaten)",
  "swv-gebied": "Gebieden van samenwerkingsverbanden passend onderwijs",
  "ggd-regio": "GGD-regio's",
  arbeidsmarktregio: "Arbeidsmarktregio's",
  subregio: "Subregio's",
  provincie: "Provincies",
};

export function RegionsPage({ regions }: { regions: RegionWithMembers[] }) {
  const kinds = [...new Set(regions.map((r) => r.kind))];
  return (
    <Page title="Organisaties en regio's" crumbs={[{ href: "/", label: "Plannen" }]}>
      <h1 class="utrecht-heading-1">Organisaties en regio's</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        <Explained text="Regio's van verschillende soorten overlappen: een gemeente hoort bij een jeugdhulpregio, een RMC-regio en, voor haar leerlingen, bij het gebied van een of meer samenwerkingsverbanden." />
      </p>
      {kinds.map((kind) => (
        <section aria-labelledby={`soort-${kind}`}>
          <h2 class="utrecht-heading-2" id={`soort-${kind}`}>
            <Explained text={kindNames[kind] ?? kind} />
          </h2>
          {regions
            .filter((r) => r.kind === kind)
            .map((r) => (
              <>
                <h3 class="utrecht-heading-3" id={`regio-${r.slug}`}>
                  <Explained text={r.name} />
                </h3>
                {r.note && (
                  <p class="utrecht-paragraph">
                    <Explained text={r.note} />
                  </p>
                )}
                <ul class="utrecht-unordered-list">
                  {r.members.map((m) => (
                    <li class="utrecht-unordered-list__item">
                      <Explained text={m.name} />
                      {m.note && (
                        <span class="koers-note">
                          {" "}
                          — <Explained text={m.note} />
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            ))}
        </section>
      ))}
    </Page>
  );
}
