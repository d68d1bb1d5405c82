"use client";

import { MessageSquare } from "lucide-react";
import { useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { commentRule } from "@/lib/api/rules";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type ChangeRequestComment, useChangeRequestActions } from "./api";
import type { CommentValues } from "./schemas";
import { personName } from "./state-badge";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The discussion of a change request, oldest first, and a box to add to it. */
export function CommentThread({ requestId, comments }: { requestId: string; comments: ChangeRequestComment[] }) {
  const { comment } = useChangeRequestActions(requestId);
  const form = useForm<CommentValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.commentSchema)),
    defaultValues: { body: "" },
  });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit((values) => comment.mutate(values.body, { onSuccess: () => form.reset() }));

  return (
    <div className="grid gap-4">
      {comments.length === 0 ? (
        <p className="flex items-center gap-2 text-sm text-muted-foreground">
          <MessageSquare className="size-4" aria-hidden />
          No comments yet.
        </p>
      ) : (
        <ol aria-label="Comments" className="grid gap-3">
          {comments.map((item) => (
            <li key={item.id} className="rounded-lg border p-3">
              <p className="mb-1 flex flex-wrap items-baseline gap-x-2 text-xs text-muted-foreground">
                <span className="font-medium text-foreground">{personName(item.author)}</span>
                <time dateTime={item.created_at}>{dateTime.format(new Date(item.created_at))}</time>
              </p>
              <p className="whitespace-pre-line break-words text-sm">{item.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form noValidate onSubmit={onSubmit} className="grid gap-2">
        {comment.error ? <ErrorAlert error={comment.error} title="The comment was not added" /> : null}
        <Field label="Add a comment" error={errors.body?.message}>
          {(aria) => (
            <Textarea
              {...aria}
              rows={3}
              maxLength={commentRule.maxLength}
              {...form.register("body")}
              onKeyDown={(event) => {
                // Ctrl/⌘+Enter sends, as in most review tools.
                if (event.key === "Enter" && (event.ctrlKey || event.metaKey))
                  event.currentTarget.form?.requestSubmit();
              }}
            />
          )}
        </Field>
        <div className="flex justify-end">
          <Button type="submit" variant="outline" disabled={comment.isPending}>
            {comment.isPending ? "Sending…" : "Comment"}
          </Button>
        </div>
      </form>
    </div>
  );
}
