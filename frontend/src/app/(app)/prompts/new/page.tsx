import type { Metadata } from "next";
import { PromptCreateView } from "@/features/prompts/prompt-create-view";

export const metadata: Metadata = { title: "New prompt" };

export default function NewPromptPage() {
  return <PromptCreateView />;
}
