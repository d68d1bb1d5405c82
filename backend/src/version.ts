/** Reported by the OpenAPI document and the MCP server; bump with each release. */
export const SERVICE_VERSION = "0.1.0";
