/** Today's date as the date input writes it, in the user's time zone: the earliest allowed expiry. */
export function todayInputValue(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A date picked in the form ("2030-01-31") → the end of that day in the user's time zone, as an
 * ISO date-time: a key "expiring on the 31st" still works on the 31st. Empty → never expires.
 */
export function expiryToIso(date: string): string | null {
  if (!date) return null;
  const [year, month, day] = date.split("-").map(Number);
  if (!year || !month || !day) return null;
  return new Date(year, month - 1, day, 23, 59, 59, 999).toISOString();
}
