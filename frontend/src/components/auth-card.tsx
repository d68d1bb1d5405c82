import type * as React from "react";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

/**
 * The frame of the signed-out pages: one card with a heading (the page's h1) and a short line.
 * Given `headingRef`, the heading can take focus, so a page can move focus to it when its content
 * changes.
 */
export function AuthCard({
  title,
  description,
  children,
  footer,
  headingRef,
}: {
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  footer?: React.ReactNode;
  headingRef?: React.Ref<HTMLHeadingElement>;
}) {
  return (
    <Card className="w-full">
      <CardHeader className="p-6 pb-4">
        <h1
          ref={headingRef}
          tabIndex={headingRef ? -1 : undefined}
          className="text-xl font-semibold tracking-tight focus:outline-none"
        >
          {title}
        </h1>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="p-6 pt-0">{children}</CardContent>
      {footer ? <div className="border-t px-6 py-4 text-sm text-muted-foreground">{footer}</div> : null}
    </Card>
  );
}
