import type { ChangeRequest } from "./api";

// Apart from the diff on purpose: the request page shows this sentence as soon as the request
// has loaded, while the diff's code loads on its own beside it.

/**
 * Why a stale request is stale, in words: the label it would move is no longer where it was
 * when the request was made, so approving it now means something else than when it was asked.
 */
export function staleExplanation(request: ChangeRequest): string {
  if (request.kind !== "label") {
    return "What this request would change has changed since it was proposed. The diff compares with what is in force now.";
  }
  const label = request.label ? `The ${request.label} label` : "The label";
  const then = request.base_version ? `version ${request.base_version}` : "no version";
  const now = request.served_version ? `version ${request.served_version}` : "no version";
  return `${label} moved since this was proposed: it pointed at ${then} then, and points at ${now} now. The diff compares the proposal with what is served now.`;
}
