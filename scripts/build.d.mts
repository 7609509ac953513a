// Types for scripts/build.mjs, which is plain JavaScript so that Node runs it without tsx.
export declare const root: string;
export declare const dist: string;
export declare const outputs: { main: string; cli: string };
export declare const serverFlags: string[];
export declare function buildIsCurrent(output?: string): boolean;
export declare function build(options?: { outdir?: string }): Promise<void>;
