/** Types of scripts/build-css.mjs for the TypeScript that imports it (the staleness test). */
export declare const output: string;
export declare function buildNlds(): Promise<string>;
