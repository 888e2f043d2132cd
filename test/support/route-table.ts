/**
 * The route table of a running server, read from the server itself — so a test that classifies
 * "every route" cannot be outrun by a route added later. Two sources, cross-checked:
 *  - `app.printRoutes()`: every route Fastify knows, hidden ones included. (Not with
 *    `{ commonPrefix: false }`: that form leaves out a wildcard route whose parent segment has no
 *    route of its own — /assets/* went unseen, and so unclassified.);
 *  - `/api/openapi.json`: every documented route (`{id}` placeholders instead of `:id`).
 */
import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  /** Fastify form: `/api/cases/:id/actions/forward`. */
  url: string;
}

export const routeKey = (r: RouteEntry): string => `${r.method} ${r.url}`;

/**
 * Parses Fastify's route tree. Each line is `<tree prefix><segment> (<METHODS>)`; the tree prefix
 * is made of 4-character cells (`│   `, `    `, `├── `, `└── `), so its length / 4 is the depth, and
 * a route's path is the concatenation of the segments from the root down to its line.
 */
export function parseRouteTree(tree: string): RouteEntry[] {
  const out: RouteEntry[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    if (!line.trim()) continue;
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!m) throw new Error(`route tree: cannot parse line ${JSON.stringify(line)}`);
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const methods = m[3];
    if (!methods) continue;
    const url = stack.join('');
    for (const method of methods.split(',').map((x) => x.trim()).filter(Boolean)) out.push({ method, url });
  }
  return out;
}

/** Every route of the app (HEAD included, as Fastify exposes it for each GET). */
export function serverRoutes(app: FastifyInstance): RouteEntry[] {
  const routes = parseRouteTree(app.printRoutes());
  const keys = routes.map(routeKey);
  const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (dup.length) throw new Error(`route tree: duplicate entries ${dup.join(', ')}`);
  return routes;
}

/** The routes the OpenAPI document describes, in Fastify form. */
export function openApiRoutes(spec: { paths: Record<string, Record<string, unknown>> }): RouteEntry[] {
  const methods = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);
  const out: RouteEntry[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const url = path.replace(/\{([^}]+)\}/g, ':$1');
    for (const m of Object.keys(item)) if (methods.has(m)) out.push({ method: m.toUpperCase(), url });
  }
  return out;
}
