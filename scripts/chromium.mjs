// The browser every browser-driven script and test uses, named in one place: Debian's Chromium
// headless shell (the package `npm test` installs when it is missing, scripts/lib.mjs). It is the
// same Blink and V8 as the desktop browser without its windowing layers: the end-to-end suite ran
// in 4.5 min and 479 s of CPU on it, against 6.2 min and 697 s on the `chromium` package.

/** Debian's package that provides the browser. */
export const chromiumPackage = "chromium-headless-shell";

/** The browser's binary; CHROMIUM_PATH overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium-headless-shell";
