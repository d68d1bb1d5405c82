import type { Metadata } from "next";
import { PromptDetailView } from "@/features/prompts/prompt-detail-view";

type Params = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).name };
}

export default async function PromptPage({ params }: Params) {
  const { name } = await params;
  return <PromptDetailView name={name} />;
}
