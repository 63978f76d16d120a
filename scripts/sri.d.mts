/** dist/ of this repository and its README.md. */
export declare const DIST: string;
export declare const README: string;
/** The package's version (package.json): the one every CDN URL in README.md names. */
export declare function packageVersion(): string;
/** The CDN files of a build, by name: every `engagetrack*.js` in `dist`. */
export declare function cdnFiles(dist?: string): string[];
/** The `integrity` value (`sha384-…`) of these bytes. */
export declare function integrityOf(bytes: Uint8Array): string;
/** `{ file: integrity }` for the CDN files of `dist`. */
export declare function integrities(dist?: string): Record<string, string>;
/** Every CDN URL of `text`: where it is, its version and its file. */
export declare function cdnUrls(text: string): { index: number; url: string; version: string; file: string }[];
/** Every `<script>`/`<Script>` tag of `text` whose src is a CDN URL. */
export declare function cdnSnippets(text: string): {
  index: number;
  tag: string;
  file: string;
  version: string;
  integrity: string | undefined;
  crossorigin: string | undefined;
}[];
/** What is out of date in README `text` for these hashes and version: one sentence per problem. */
export declare function readmeProblems(text: string, hashes: Record<string, string>, version: string): string[];
/** README `text` with the CDN URLs at `version` and every integrity value that of its file. */
export declare function updateReadme(text: string, hashes: Record<string, string>, version: string): string;
/** The rows of README's "Which file" table: files and what they are for. */
export declare const FILES: [string[], string][];
/** README's "Which file" table for the build in `dist`. */
export declare function filesTable(dist?: string): string;
/** The table between README's `files:start`/`files:end` markers. */
export declare function readmeTable(text: string): string | undefined;
