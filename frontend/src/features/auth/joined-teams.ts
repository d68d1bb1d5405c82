/** "A", "A and B", "A, B and C": team names as a sentence says them, the primary team first. */
export function listTeamNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The accept page's last words: "You joined Platform", or every team when there are several. */
export function joinedTeamsMessage(names: readonly string[]): string {
  return names.length === 0 ? "You joined SpecHub" : `You joined ${listTeamNames(names)}`;
}
