/** The flags every Chromium launch of the project uses (see DEVELOPERS.md). */
export declare const LAUNCH_ARGS: string[];
/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own download, else undefined. */
export declare function findChromium(): string | undefined;
