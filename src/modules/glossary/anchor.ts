/** The id of a term on the glossary page, e.g. "begrip-5-onder-a". */
export const termAnchor = (term: string) =>
  `begrip-${term
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`;
