import Link from "next/link";
import { tabListClass, tabTriggerClass } from "@/components/ui/tab-styles";
import { cn } from "@/lib/utils";
import { eventsHref, type MetricsState, overviewHref } from "./filters";

/** The two views of the metrics, as links that keep the range and the filters. */
export function MetricsNav({ state, current }: { state: MetricsState; current: "overview" | "events" }) {
  const links = [
    { key: "overview", label: "Overview", href: overviewHref(state) },
    { key: "events", label: "Events", href: eventsHref(state, { errorCode: state.errorCode }) },
  ] as const;
  return (
    <nav aria-label="Metrics views" className={cn(tabListClass, "w-fit")}>
      {links.map((link) => (
        <Link
          key={link.key}
          href={link.href}
          aria-current={link.key === current ? "page" : undefined}
          data-state={link.key === current ? "active" : "inactive"}
          className={tabTriggerClass}
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
