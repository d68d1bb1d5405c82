"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import * as React from "react";
import { api } from "@/lib/api/client";
import type { CurrentUser } from "@/lib/api/types";

const SessionContext = React.createContext<CurrentUser | null>(null);

/** Makes the signed-in user (checked on the server by the app layout) available to client components. */
export function SessionProvider({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

/** The signed-in user. Only valid inside the signed-in app shell. */
export function useCurrentUser(): CurrentUser {
  const user = React.useContext(SessionContext);
  if (!user) throw new Error("useCurrentUser() used outside the signed-in app shell");
  return user;
}

/** Whether the user may manage something owned by `ownerId` (owner-or-admin, as the backend decides). */
export function canManage(user: CurrentUser, ownerId: string | null | undefined): boolean {
  return user.role === "admin" || (ownerId != null && ownerId === user.id);
}

/** Signs out: clears the session cookie on the backend, drops cached data, and goes to /login. */
export function useSignOut(): { signOut: () => Promise<void>; pending: boolean } {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, setPending] = React.useState(false);
  const signOut = React.useCallback(async () => {
    setPending(true);
    try {
      await api.POST("/api/v1/auth/logout");
    } finally {
      // Even if the call failed, nothing of the previous user should stay on screen.
      queryClient.clear();
      router.replace("/login");
      router.refresh();
    }
  }, [queryClient, router]);
  return { signOut, pending };
}
