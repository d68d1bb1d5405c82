import { PRODUCTION, sortLabels } from "@/lib/labels";

/** The move-label form's choice that means "a new label, typed in". */
export const NEW_LABEL = "__new__";

/** Label → version (as a prompt answers) turned around: version → its labels, production first. */
export function labelsByVersion(labels: Readonly<Record<string, string>>): Map<string, string[]> {
  const byVersion = new Map<string, string[]>();
  for (const label of sortLabels(Object.keys(labels))) {
    const version = labels[label];
    if (version !== undefined) byVersion.set(version, [...(byVersion.get(version) ?? []), label]);
  }
  return byVersion;
}

export type LabelChange = {
  prompt: string;
  label: string;
  /** Where the label points now; null when it is not set. */
  from: string | null;
  /** Where it will point; null clears it. */
  to: string | null;
  /** The newest version, served when production is not set (unless production is protected). */
  latest: string | null;
  /** Whether production is protected, when known: then a prompt without it serves nothing by default. */
  productionProtected?: boolean;
};

const latestVersion = (latest: string | null) => (latest ? `the latest version (${latest})` : "the latest version");

/**
 * What a label move or clear changes for the people who use the prompt, in one sentence: the
 * confirmation says it before, and the undo toast after.
 */
export function labelImpact({ prompt, label, from, to, latest, productionProtected }: LabelChange): string {
  if (label === PRODUCTION && to === null && from !== null && productionProtected) {
    return `Once approved, callers of ${prompt} get no version by default (instead of ${from}) until a version is put on production again.`;
  }
  if (label === PRODUCTION) {
    // Without a production label, expansion serves the latest version.
    const servedNow = from ?? latest;
    if (to === null) {
      if (from === null) return `${prompt} has no production label: callers already get ${latestVersion(latest)}.`;
      if (from === latest)
        return `Callers of ${prompt} keep getting version ${from}, and from now on each newer version as soon as it is saved.`;
      return `Callers of ${prompt} will get ${latestVersion(latest)} instead of ${from} (production).`;
    }
    if (to === servedNow) {
      return from === null
        ? `Callers of ${prompt} keep getting version ${to}; newer versions will not be served until production moves.`
        : `Callers of ${prompt} already get version ${to} (production).`;
    }
    return from === null
      ? `Callers of ${prompt} will get version ${to} instead of ${latestVersion(latest)}.`
      : `Callers of ${prompt} will get version ${to} instead of ${from} (production).`;
  }
  if (to === null) return `Callers asking ${prompt} for ${label} will get an error until ${label} is set again.`;
  if (from === null) return `New label ${label}: callers asking ${prompt} for ${label} will get version ${to}.`;
  if (from === to) return `${label} already points at version ${to}.`;
  return `Callers asking ${prompt} for ${label} will get version ${to} instead of ${from}.`;
}
