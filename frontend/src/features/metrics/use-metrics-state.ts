"use client";

import { useQueryStates } from "nuqs";
import * as React from "react";
import { type MetricsState, metricsSearchParams, metricsUrlKeys, toMetricsState, toUrlValues } from "./filters";

/** The metrics pages' range and filters, read from the URL and written back to it. */
export function useMetricsState(): [MetricsState, (next: MetricsState) => void] {
  const [values, setValues] = useQueryStates(metricsSearchParams, { urlKeys: metricsUrlKeys });
  const state = React.useMemo(() => toMetricsState(values), [values]);
  const update = React.useCallback((next: MetricsState) => void setValues(toUrlValues(next)), [setValues]);
  return [state, update];
}
