// The web UI's own liveness, answered by this process without asking the backend: an outage of
// the backend or its database must not get the web UI restarted. (/health is the backend's.)
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}

export function HEAD() {
  return new Response(null, { status: 200 });
}
