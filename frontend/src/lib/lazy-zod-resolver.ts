import * as React from "react";
import type { FieldValues, Resolver } from "react-hook-form";
import type { ZodType } from "zod";

/**
 * A react-hook-form resolver for a zod schema that is imported on demand, e.g.
 * `useLazyZodResolver(() => import("./schemas").then((m) => m.loginSchema))`. Zod (with the
 * resolver that reads its errors) is the largest library a form page would load up front; this
 * way the page paints without it. The import starts as soon as the form has mounted, so it has
 * normally arrived before the first validation, which otherwise waits for it.
 */
export function useLazyZodResolver<T extends FieldValues>(loadSchema: () => Promise<ZodType<T, T>>): Resolver<T> {
  const [lazy] = React.useState(() => {
    let loading: Promise<Resolver<T>> | undefined;
    const load = () => {
      loading ??= Promise.all([import("@hookform/resolvers/zod"), loadSchema()]).then(
        ([{ zodResolver }, schema]) => zodResolver(schema),
        (error: unknown) => {
          // A failed download (e.g. offline for a moment) is retried by the next validation.
          loading = undefined;
          throw error;
        },
      );
      return loading;
    };
    const resolver: Resolver<T> = async (values, context, options) => (await load())(values, context, options);
    return { load, resolver };
  });
  React.useEffect(() => {
    // Only a head start: if this download fails, the first validation tries again and reports it.
    lazy.load().catch(() => {});
  }, [lazy]);
  return lazy.resolver;
}
