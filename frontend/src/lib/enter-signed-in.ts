/**
 * Opens `path` as a new page load once a session has been created. The client router keeps what
 * it prefetched while signed out (a link to `/` answered "go to /login"), and replaying that after
 * signing in sent the browser from /login to /login forever; a page load starts with nothing kept.
 */
export function enterSignedIn(path: string): void {
  window.location.assign(path);
}
