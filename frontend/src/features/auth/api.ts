import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";

export const authKeys = {
  invitation: (token: string) => ["invitation", token] as const,
};

/** What an invitation link offers, read by its token (no sign-in needed). */
export function useInvitation(token: string) {
  return useQuery({
    queryKey: authKeys.invitation(token),
    queryFn: () => unwrap(api.GET("/api/v1/auth/invitations/token/{token}", { params: { path: { token } } })),
    // Once accepted the link is used up: asking again would turn the success page into an error.
    staleTime: Number.POSITIVE_INFINITY,
  });
}
