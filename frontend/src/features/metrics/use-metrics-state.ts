"use client";

import * as React from "react";
import { useUrlParams } from "@/lib/use-url-params";
import { METRICS_PARAMS, type MetricsState, metricsParams, readMetricsState } from "./filters";

/** The metrics pages' range and filters, read from the URL and written back to it. */
export function useMetricsState(): [MetricsState, (next: MetricsState) => void] {
  const [params, setParams] = useUrlParams(METRICS_PARAMS);
  const state = React.useMemo(() => readMetricsState(params), [params]);
  const update = React.useCallback((next: MetricsState) => setParams(metricsParams(next)), [setParams]);
  return [state, update];
}
