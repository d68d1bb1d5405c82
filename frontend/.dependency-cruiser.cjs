// The web UI's module boundaries, checked by `npm run depcruise` (part of `npm test`): features
// stay apart, shared code stays shared, and nothing imports in a circle.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "Import cycles make load order matter and hide which module owns what. A lazy `import()` " +
        "that loads a heavy part on demand (dialog windows, forms) is not a cycle: it runs later.",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["dynamic-import"] } },
    },
    {
      name: "no-foreign-feature",
      severity: "error",
      comment:
        "A feature uses another feature only through what that feature exposes on purpose: its " +
        "`api.ts` (queries, query keys and response types) and its `*-section.tsx` panels, made to " +
        "be mounted on another feature's page. Anything else two features share (a component, a " +
        "pure helper) moves to src/components or src/lib.",
      from: { path: "^src/features/([^/]+)/" },
      to: {
        path: "^src/features/([^/]+)/",
        pathNot: ["^src/features/$1/", "^src/features/[^/]+/(api[.]ts|[^/]+-section[.]tsx)$"],
      },
    },
    {
      name: "no-feature-in-shared",
      severity: "error",
      comment: "src/components and src/lib serve every feature, so they depend on none.",
      from: { path: "^src/(components|lib)/" },
      to: { path: "^src/features/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
  },
};
