/**
 * GET /metrics in the Prometheus text format (prom-client): request latency by route pattern
 * (never the URL a client typed), method and status; the SMS outbox by status and the age of its
 * oldest waiting message; open and overdue cases; the database pool's connections; the process's
 * own figures. Not public: with MINSHENG_METRICS_TOKEN a bearer token is required, without it only a
 * loopback client that came through no proxy (no X-Forwarded-For) is answered.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DomainError } from '../domain/errors.js';
import type { OperationsStats } from '../app/operations-stats.js';
import type { Database } from '../store/database.js';
import { decryptFailureCount } from '../security/field-crypto.js';
import { errors, fileAnswer, type App } from './schemas.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export interface MetricsOptions {
  token?: string | undefined;
  stats: OperationsStats;
  database: Database;
}

function allowed(req: FastifyRequest, token: string | undefined): boolean {
  if (token !== undefined) {
    const sent = Buffer.from(req.headers.authorization ?? '');
    const want = Buffer.from(`Bearer ${token}`);
    return sent.length === want.length && timingSafeEqual(sent, want);
  }
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined;
}

export function registerMetrics(app: App, opts: MetricsOptions): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'minsheng_' });

  const latency = new Histogram({
    name: 'minsheng_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const scrapeErrors = new Counter({ name: 'minsheng_metrics_scrape_errors_total', help: 'Database figures that could not be read', registers: [registry] });
  const outbox = new Gauge({ name: 'minsheng_outbox_messages', help: 'SMS outbox rows by status (pending and sending are the backlog, failed the failures)', labelNames: ['status'] as const, registers: [registry] });
  const oldest = new Gauge({ name: 'minsheng_outbox_oldest_due_seconds', help: 'Seconds since the oldest pending or sending SMS was due (0 when none)', registers: [registry] });
  const cases = new Gauge({ name: 'minsheng_cases', help: 'Cases by state of the deadline: open, overdue (open and past their next due date)', labelNames: ['kind'] as const, registers: [registry] });
  const pool = new Gauge({ name: 'minsheng_db_pool_connections', help: 'PostgreSQL pool connections: total, idle, waiting clients, max', labelNames: ['state'] as const, registers: [registry] });

  // Stored values that failed to decrypt (a lost key, a damaged or misplaced ciphertext): alert on any rise.
  new Counter({
    name: 'minsheng_decrypt_failures_total', help: 'Stored values that could not be decrypted since the process started', registers: [registry],
    collect() {
      this.reset();
      this.inc(decryptFailureCount());
    },
  });

  app.addHook('onResponse', async (req, reply) => {
    // The route pattern (/api/cases/:id), never the URL: no ids or query strings in the labels.
    latency.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', {
    schema: {
      tags: ['system'], summary: '运行指标（Prometheus 文本格式；须持 MINSHENG_METRICS_TOKEN 或本机访问）',
      response: { 200: fileAnswer('Prometheus 文本格式', 'text/plain'), ...errors(403) },
    },
  }, async (req, reply) => {
    if (!allowed(req, opts.token)) throw new DomainError('FORBIDDEN', '无权访问运行指标');
    try {
      const f = await opts.stats.figures();
      for (const [status, n] of Object.entries(f.outbox)) outbox.set({ status }, n);
      oldest.set(f.outboxOldestDueSeconds);
      cases.set({ kind: 'open' }, f.casesOpen);
      cases.set({ kind: 'overdue' }, f.casesOverdue);
    } catch {
      scrapeErrors.inc();
    }
    const p = opts.database.pool?.();
    if (p) for (const [state, n] of Object.entries(p)) pool.set({ state }, n);
    return reply.header('cache-control', 'no-store').type(registry.contentType).send(await registry.metrics());
  });
  return registry;
}
