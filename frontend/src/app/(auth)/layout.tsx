import { ThemeToggle } from "@/components/app-shell/theme-toggle";
import { Brand } from "@/components/brand";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col bg-muted dark:bg-background">
      <header className="flex h-14 items-center justify-between px-4 md:px-8">
        <Brand />
        <ThemeToggle />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-8 pb-16 md:pt-16">
        <div className="w-full max-w-md">{children}</div>
      </main>
    </div>
  );
}
