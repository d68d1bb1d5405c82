import { Skeleton } from "@/components/ui/skeleton";

/** Stands in for a form whose code is still loading; screen readers hear that it is loading. */
export function FormSkeleton({ fields = 2 }: { fields?: number }) {
  return (
    <div aria-busy className="grid gap-4">
      <span className="sr-only">Loading the form…</span>
      {Array.from({ length: fields }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing else to tell them apart
        <Skeleton key={index} className="h-9" />
      ))}
    </div>
  );
}
