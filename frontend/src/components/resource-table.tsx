import type * as React from "react";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type Column<T> = {
  header: string;
  cell: (item: T) => React.ReactNode;
  className?: string;
};

/**
 * The table of a list page (prompts, workflows, projects): one row per item, placeholder rows
 * until the items arrive, and an optional footer such as pagination. `busy` marks it while a
 * newer answer is being fetched.
 */
export function ResourceTable<T>({
  columns,
  items,
  itemKey,
  busy,
  loadingRows = 4,
  footer,
}: {
  columns: readonly Column<T>[];
  /** Undefined while loading. */
  items: readonly T[] | undefined;
  itemKey: (item: T) => string;
  busy: boolean;
  loadingRows?: number;
  footer?: React.ReactNode;
}) {
  return (
    <Card className="p-2" aria-busy={busy}>
      <Table>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            {columns.map((column) => (
              <TableHead key={column.header}>{column.header}</TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {items
            ? items.map((item) => (
                <TableRow key={itemKey(item)}>
                  {columns.map((column) => (
                    <TableCell key={column.header} className={column.className}>
                      {column.cell(item)}
                    </TableCell>
                  ))}
                </TableRow>
              ))
            : Array.from({ length: loadingRows }, (_, row) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
                <TableRow key={row}>
                  {columns.map((column) => (
                    <TableCell key={column.header}>
                      <Skeleton className="h-4 w-full max-w-32" />
                    </TableCell>
                  ))}
                </TableRow>
              ))}
        </TableBody>
      </Table>
      {footer}
    </Card>
  );
}
