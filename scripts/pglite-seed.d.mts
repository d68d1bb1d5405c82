/** Unpacks the backend's migrated PGlite snapshot into `dataDir`, when there is one; returns whether it did. */
export function seedPgliteData(dataDir: string, snapshot?: string | null): boolean;
