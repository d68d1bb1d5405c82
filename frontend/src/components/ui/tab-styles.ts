// The look of a tab list, shared by the Radix tabs (tabs.tsx) and the light ones
// (simple-tabs.tsx), which pages use where Radix's code would not fit their first load.

export const tabListClass =
  "inline-flex max-w-full items-center gap-1 overflow-x-auto rounded-lg bg-muted p-1 text-muted-foreground";

export const tabTriggerClass =
  "inline-flex items-center justify-center gap-1.5 whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium transition-colors hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:pointer-events-none disabled:opacity-50 data-[state=active]:bg-background data-[state=active]:text-foreground data-[state=active]:shadow-sm [&_svg]:size-4";

export const tabContentClass = "mt-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring";
