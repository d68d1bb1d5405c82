// The backend's module boundaries, checked by `npm run depcruise` (part of `npm test`):
// features talk to each other through services, and nothing imports in a circle.

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
      comment:
        "A feature reads and writes another feature's data through that feature's service; the row and result types it shares live in its <feature>.types.ts.",
      // Tests may set up fixtures with any feature's repository.
      from: { path: "^src/modules/([^/]+)/", pathNot: "[.]test[.]ts$" },
      to: { path: "^src/modules/([^/]+)/.+[.]repository[.]ts$", pathNot: "^src/modules/$1/" },
    },
    {
      name: "no-repository-in-routes",
      severity: "error",
      comment: "Routes and MCP tools are doors to services: they hold no SQL and call no repository.",
      from: { path: "([.]routes[.]ts$|^src/mcp/tools/)" },
      to: { path: "[.]repository[.]ts$" },
    },
    {
      name: "no-feature-repository-in-mcp",
      severity: "error",
      comment: "The MCP server reaches features through their services, as the REST routes do.",
      from: { path: "^src/mcp/", pathNot: "[.]test[.]ts$" },
      to: { path: "^src/modules/.+[.]repository[.]ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
