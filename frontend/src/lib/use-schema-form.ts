import * as React from "react";
import type { ZodType } from "zod";

export type FormErrors<T> = Partial<Record<keyof T & string, { message: string }>>;

/** Zod's issues as one message per field (the first), keyed by the field's top-level name. */
export function errorsFromIssues<T>(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FormErrors<T> {
  const errors: Record<string, { message: string }> = {};
  for (const issue of issues) {
    const name = String(issue.path[0] ?? "");
    errors[name] ??= { message: issue.message };
  }
  return errors as FormErrors<T>;
}

/**
 * A small controlled form for pages whose form is what they first show (a new prompt, a new
 * project), where react-hook-form would be the largest part of the first load. It behaves as
 * those forms did with react-hook-form: nothing is checked until the first submit, which checks
 * every field against the zod schema (imported on demand, starting when the form mounts) and
 * focuses the first field in error; from then on every change checks again.
 */
export function useSchemaForm<T extends Record<string, string>>({
  defaultValues,
  loadSchema,
}: {
  defaultValues: T;
  loadSchema: () => Promise<ZodType<T, T>>;
}) {
  const [values, setValues] = React.useState<T>(defaultValues);
  // Two changes in one event (a name and the slug it suggests) must both land: each builds on
  // the latest values, not on those of the last render.
  const latest = React.useRef(values);
  const [errors, setErrors] = React.useState<FormErrors<T>>({});
  const [submitted, setSubmitted] = React.useState(false);
  const [schema] = React.useState(() => {
    let loading: Promise<ZodType<T, T>> | undefined;
    return () => {
      loading ??= loadSchema().catch((error: unknown) => {
        // A failed download (e.g. offline for a moment) is retried by the next check.
        loading = undefined;
        throw error;
      });
      return loading;
    };
  });
  React.useEffect(() => {
    // Only a head start: if this download fails, the first check tries again and reports it.
    schema().catch(() => {});
  }, [schema]);

  const check = async (next: T) => {
    const result = (await schema()).safeParse(next);
    return result.success
      ? { data: result.data, errors: {} }
      : { data: undefined, errors: errorsFromIssues<T>(result.error.issues) };
  };

  const setValue = <K extends keyof T & string>(name: K, value: T[K]) => {
    const next = { ...latest.current, [name]: value };
    latest.current = next;
    setValues(next);
    if (submitted) void check(next).then((result) => setErrors(result.errors));
  };

  /** The props that bind a native input, select or textarea to the field `name`. */
  const register = <K extends keyof T & string>(name: K) => ({
    name,
    value: values[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
      setValue(name, event.target.value as T[K]),
  });

  const setError = (name: keyof T & string, error: { message: string }) =>
    setErrors((current) => ({ ...current, [name]: { message: error.message } }));

  const handleSubmit = (onValid: (data: T) => void) => async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setSubmitted(true);
    const result = await check(latest.current);
    setErrors(result.errors);
    if (result.data) {
      onValid(result.data);
      return;
    }
    const invalid = [...form.elements].find(
      (element): element is HTMLElement =>
        element instanceof HTMLElement && "name" in element && String(element.name) in result.errors,
    );
    invalid?.focus();
  };

  return { values, errors, setValue, register, setError, handleSubmit };
}
