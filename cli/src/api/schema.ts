// The web UI's generated API types, shared so both clients speak the same contract. Regenerate
// them with `npm run api:generate` in frontend/ after changing a backend route.
export type { components, paths } from "../../../frontend/src/lib/api/schema.js";
