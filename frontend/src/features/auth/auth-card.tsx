import type * as React from "react";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

/** The frame of the signed-out pages: one card with a heading (the page's h1) and a short line. */
export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  footer?: React.ReactNode;
}) {
  return (
    <Card className="w-full">
      <CardHeader className="p-6 pb-4">
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="p-6 pt-0">{children}</CardContent>
      {footer ? <div className="border-t px-6 py-4 text-sm text-muted-foreground">{footer}</div> : null}
    </Card>
  );
}
