/**
 * Where a page of workflows starts: just after the workflow with this id, updated at this time
 * (in microseconds since 1970, the database's precision, so the next page resumes exactly there).
 */
export type WorkflowPageKey = { updatedMicros: number; id: string };
