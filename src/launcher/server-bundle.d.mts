/** Types of server-bundle.mjs (plain JavaScript: it runs before any TypeScript loader exists). */
export declare const ROOT: string;
export declare const BUNDLE: string;
export declare function bundleIsFresh(): boolean;
export declare function buildBundle(): Promise<boolean>;
