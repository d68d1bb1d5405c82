/**
 * Attributes for a box that scrolls sideways on a phone and holds nothing focusable: it takes
 * keyboard focus (so arrow keys scroll it) and is announced by its label as a region.
 */
export const scrollRegion = (label: string) => ({ tabIndex: 0, role: "region", "aria-label": label }) as const;
