// The backend's module boundaries, checked by `npm run depcruise` (part of `npm test`):
// features talk to each other through services, and nothing imports in a circle.

// Known violations that predate the check, each to be moved behind the owning feature's service
// (or its shared types moved out of the repository). Listed here so that no new one slips in;
// remove a line once it is fixed.
const KNOWN_FOREIGN_REPOSITORY_IMPORTS = [
  "^src/modules/access/access[.]service[.]ts$",
  "^src/modules/auth/principal[.]ts$",
  "^src/modules/oauth/(consent|tokens)[.]service[.]ts$",
  "^src/modules/expansion/(expansion[.]service|governance-application)[.]ts$",
  "^src/modules/(objectives|policies)/[a-z]+[.](schemas|service|repository)[.]ts$",
  "^src/modules/prompts/labels[.]service[.]ts$",
  "^src/modules/skills/skills[.]service[.]ts$",
  "^src/modules/sso/sso[.]service[.]ts$",
];
// sh-context.ts takes the EffectiveGovernance type from the governance repository (type only).
const KNOWN_REPOSITORY_IMPORTS_IN_DOORS = ["^src/mcp/tools/sh-context[.]ts$"];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles make load order matter and hide which module owns what.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-foreign-repository",
      severity: "error",
      comment: "A feature reads and writes another feature's data through that feature's service.",
      // Tests may set up fixtures with any feature's repository.
      from: { path: "^src/modules/([^/]+)/", pathNot: ["[.]test[.]ts$", ...KNOWN_FOREIGN_REPOSITORY_IMPORTS] },
      to: { path: "^src/modules/([^/]+)/.+[.]repository[.]ts$", pathNot: "^src/modules/$1/" },
    },
    {
      name: "no-repository-in-routes",
      severity: "error",
      comment: "Routes and MCP tools are doors to services: they hold no SQL and call no repository.",
      from: { path: "([.]routes[.]ts$|^src/mcp/tools/)", pathNot: KNOWN_REPOSITORY_IMPORTS_IN_DOORS },
      to: { path: "[.]repository[.]ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
