import { KeyRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ssoLoginHref } from "./sso-errors";

/**
 * "Sign in with <provider>": a plain link, since the backend answers it with a redirect to the
 * identity provider, which a client-side navigation could not follow.
 */
export function SsoButton({
  sso,
  next,
  primary,
}: {
  sso: { name: string; login_url: string };
  next: string;
  primary: boolean;
}) {
  return (
    <Button asChild variant={primary ? "default" : "outline"}>
      <a href={ssoLoginHref(sso.login_url, next)}>
        <KeyRound aria-hidden />
        Sign in with {sso.name}
      </a>
    </Button>
  );
}

/** The line between the single sign-on button and the password form. */
export function OrDivider() {
  return (
    <div className="flex items-center gap-3 text-xs text-muted-foreground uppercase">
      <span className="h-px flex-1 bg-border" />
      or
      <span className="h-px flex-1 bg-border" />
    </div>
  );
}

/** Neither password sign-in nor single sign-on: nobody can sign in until an administrator sets one up. */
export function NoWayIn() {
  return (
    <p className="text-sm text-muted-foreground">
      Password sign-in is turned off and no identity provider is set up. Ask your administrator.
    </p>
  );
}
