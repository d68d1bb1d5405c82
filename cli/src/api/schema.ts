// The API's generated types: the web UI's, generated from the backend's committed OpenAPI
// document (backend/openapi.json), so both clients speak the same contract. After changing a
// backend route, run `npm run openapi` in backend/ and then `npm run api:generate` in frontend/.
export type { components, paths } from "../../../frontend/src/lib/api/schema.js";
