/** Debian's package that provides the browser. */
export const chromiumPackage: string;
/** The browser's binary; CHROMIUM_PATH overrides it. */
export const chromiumPath: string;
