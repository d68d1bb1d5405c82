"use client";

import { Check, Copy } from "lucide-react";
import * as React from "react";
import { Button, type ButtonProps } from "@/components/ui/button";

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  // Plain-http deployments have no Clipboard API: fall back to a selected, off-screen textarea.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

/**
 * Copies `text`; `label` names what is copied ("Copy system message"), for screen readers and tooltips.
 * `iconOnly` drops the visible word for tight places (beside an id); "Copied" is still announced.
 */
export function CopyButton({
  text,
  label,
  iconOnly = false,
  ...props
}: { text: string; label: string; iconOnly?: boolean } & Omit<ButtonProps, "onClick">) {
  const [copied, setCopied] = React.useState(false);
  React.useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Button
      variant={iconOnly ? "ghost" : "outline"}
      size="sm"
      className={iconOnly ? "size-8 px-0" : undefined}
      aria-label={label}
      title={label}
      onClick={async () => {
        await writeClipboard(text);
        setCopied(true);
      }}
      {...props}
    >
      {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
      <span aria-live="polite" className={iconOnly ? "sr-only" : undefined}>
        {copied ? "Copied" : "Copy"}
      </span>
    </Button>
  );
}
