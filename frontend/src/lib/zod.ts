import { z } from "zod";

// Building an object schema, zod probes with `new Function` whether it may compile a faster
// parser. The pages' Content Security Policy refuses eval, so the probe fails (harmlessly) and is
// reported as a violation on every page with a form. The setting must be in place before any
// schema is built: schema modules import `z` from here, not from "zod".
z.config({ jitless: true });

export { z };
