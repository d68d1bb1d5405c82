import { z } from "@/lib/zod";

export const commentSchema = z.object({ body: z.string().trim().min(1, "Write a comment first") });
export type CommentValues = z.infer<typeof commentSchema>;

/** The text that goes with a decision: a comment with an approval (optional), a rejection's reason (required). */
export function decisionTextSchema(required: boolean) {
  const text = z.string().trim();
  return z.object({ text: required ? text.min(1, "Say why, so that the author knows what to change") : text });
}
export type DecisionTextValues = z.infer<ReturnType<typeof decisionTextSchema>>;
