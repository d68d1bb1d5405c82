import type { User } from "./api";

/** How a person is named on the Teams page: their display name, else their username. */
export const userLabel = (user: Pick<User, "display_name" | "username">) => user.display_name || user.username;
