/** Whether the test runner built backend/dist from the current sources for this run. */
export const backendBuilt: boolean;
/** Node's arguments that run one of the backend's entry points, from the backend's folder. */
export function backendEntry(entry: string): string[];
