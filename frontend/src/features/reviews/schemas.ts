import { atMost } from "@/lib/api/fields";
import { commentRule, rejectionReasonRule } from "@/lib/api/rules";
import { z } from "@/lib/zod";

export const commentSchema = z.object({
  body: z
    .string()
    .trim()
    .min(commentRule.minLength, "Write a comment first")
    .max(commentRule.maxLength, atMost(commentRule.maxLength)),
});
export type CommentValues = z.infer<typeof commentSchema>;

/** The text that goes with a decision: a comment with an approval (optional), a rejection's reason (required). */
export function decisionTextSchema(required: boolean) {
  const text = z.string().trim();
  return z.object({
    text: required
      ? text
          .min(rejectionReasonRule.minLength, "Say why, so that the author knows what to change")
          .max(rejectionReasonRule.maxLength, atMost(rejectionReasonRule.maxLength))
      : text.max(commentRule.maxLength, atMost(commentRule.maxLength)),
  });
}
export type DecisionTextValues = z.infer<ReturnType<typeof decisionTextSchema>>;
