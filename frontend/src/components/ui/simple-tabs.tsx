"use client";

import * as React from "react";
import { cn } from "@/lib/utils";
import { tabContentClass, tabListClass, tabTriggerClass } from "./tab-styles";

export type SimpleTab = { value: string; label: React.ReactNode; content: React.ReactNode };

/**
 * Tabs without Radix, for pages whose first load has no room for its roving-focus code: the
 * WAI-ARIA tabs pattern (arrow keys, Home and End move between tabs, and select them). Only the
 * selected panel's content is rendered; the others stay as empty hidden panels, so every tab
 * controls a panel that exists. Controlled (`value`, `onValueChange`) or not (`defaultValue`).
 */
export function SimpleTabs({
  label,
  tabs,
  value: controlled,
  defaultValue,
  onValueChange,
  listClassName,
  header,
}: {
  /** Names the tab list. */
  label: string;
  tabs: readonly SimpleTab[];
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
  listClassName?: string;
  /** Shown beside the tab list (a filter that applies to every tab, say). */
  header?: React.ReactNode;
}) {
  const [own, setOwn] = React.useState(defaultValue ?? tabs[0]?.value ?? "");
  const value = controlled ?? own;
  const id = React.useId();
  const refs = React.useRef(new Map<string, HTMLButtonElement>());
  const select = (next: string) => {
    setOwn(next);
    onValueChange?.(next);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.value === value);
    const target =
      event.key === "ArrowRight"
        ? tabs[(index + 1) % tabs.length]
        : event.key === "ArrowLeft"
          ? tabs[(index - 1 + tabs.length) % tabs.length]
          : event.key === "Home"
            ? tabs[0]
            : event.key === "End"
              ? tabs[tabs.length - 1]
              : undefined;
    if (!target) return;
    event.preventDefault();
    select(target.value);
    refs.current.get(target.value)?.focus();
  };

  const list = (
    <div role="tablist" aria-label={label} className={cn(tabListClass, listClassName)} onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const selected = tab.value === value;
        return (
          <button
            key={tab.value}
            ref={(node) => {
              if (node) refs.current.set(tab.value, node);
              else refs.current.delete(tab.value);
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${tab.value}`}
            aria-selected={selected}
            aria-controls={`${id}-panel-${tab.value}`}
            data-state={selected ? "active" : "inactive"}
            tabIndex={selected ? 0 : -1}
            className={tabTriggerClass}
            onClick={() => select(tab.value)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );

  return (
    <div>
      {header ? (
        <div className="flex flex-wrap items-center justify-between gap-3">
          {list}
          {header}
        </div>
      ) : (
        list
      )}
      {tabs.map((tab) => (
        <div
          key={tab.value}
          role="tabpanel"
          id={`${id}-panel-${tab.value}`}
          aria-labelledby={`${id}-tab-${tab.value}`}
          hidden={tab.value !== value}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a tab panel is focusable, as the tabs pattern asks
          tabIndex={0}
          className={tabContentClass}
        >
          {tab.value === value ? tab.content : null}
        </div>
      ))}
    </div>
  );
}
