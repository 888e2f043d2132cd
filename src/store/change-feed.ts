/**
 * "Something changed" between the caches of every server process on one database
 * (docs/decisions/015-several-server-processes.md). A subscriber — the reference-data cache — is
 * told when another subscriber published a topic, in this process or, on PostgreSQL, in any other
 * process on the same schema (LISTEN/NOTIFY on a dedicated connection). A message carries only the
 * topic: the receiver reloads from the database, which is the truth.
 *
 * Notifications sent while the LISTEN connection is down are lost; so after every reconnection
 * each subscriber is asked to resync (drop its cache), and a subscriber that has never had a
 * connection serves from the database until it has one.
 */
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';

export interface ChangeListener {
  /** Another subscriber published `topic` (after its transaction committed). */
  changed(topic: string): void;
  /** Notifications may have been missed (the connection was lost and is back): reload everything. */
  resync(): void;
}

export interface ChangeSubscription {
  /** Tell every other subscriber, here and in the other processes, that `topic` changed. */
  publish(topic: string): Promise<void>;
  unsubscribe(): void;
}

export interface ChangeFeed {
  subscribe(listener: ChangeListener): ChangeSubscription;
  /** 'local': one process by construction (PGlite); 'listening' / 'reconnecting': PostgreSQL. */
  state(): 'local' | 'listening' | 'reconnecting' | 'closed';
  close(): Promise<void>;
}

/** PGlite: one process holds the database, so the feed is the process's own subscribers. */
export class LocalChangeFeed implements ChangeFeed {
  protected readonly listeners = new Set<ChangeListener>();
  protected closed = false;

  subscribe(listener: ChangeListener): ChangeSubscription {
    this.listeners.add(listener);
    return {
      publish: async (topic) => {
        this.dispatch(topic, listener);
        await this.send(topic);
      },
      unsubscribe: () => this.listeners.delete(listener),
    };
  }

  /** Every subscriber but the publisher (it has already reloaded). A failing listener does not stop the others. */
  protected dispatch(topic: string, except?: ChangeListener): void {
    for (const l of this.listeners) {
      if (l === except) continue;
      try {
        l.changed(topic);
      } catch { /* a listener's own failure; the others still hear */ }
    }
  }

  protected send(_topic: string): Promise<void> {
    return Promise.resolve();
  }

  state(): 'local' | 'listening' | 'reconnecting' | 'closed' {
    return this.closed ? 'closed' : 'local';
  }

  close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    return Promise.resolve();
  }
}

/** The NOTIFY channel of a schema: channels are database-wide, schemas (test isolation) are not. */
export function channelFor(schemaName: string | undefined): string {
  const name = `minsheng_changes_${schemaName ?? 'public'}`;
  return name.length <= 63 ? name : `minsheng_changes_${createHash('sha256').update(schemaName ?? '').digest('hex').slice(0, 40)}`;
}

export interface PgChangeFeedOptions {
  /** First reconnection delay, doubling up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A `select 1` on the LISTEN connection this often. */
  heartbeatMs?: number;
  log?: (message: string) => void;
}

interface Message { topic: string; origin: string }

/**
 * PostgreSQL: one pg.Client that only LISTENs (a pooled connection cannot: the pool hands it to
 * other queries and NOTIFY is delivered per session); NOTIFY goes through the pool. Each feed has
 * an origin id so that it ignores its own notifications (its subscribers were told in-process).
 */
export class PgChangeFeed extends LocalChangeFeed {
  private readonly origin = randomUUID();
  private readonly channel: string;
  private client: pg.Client | null = null;
  private connected = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly heartbeatMs: number;
  private readonly log: (message: string) => void;

  constructor(private readonly connectionString: string, private readonly pool: pg.Pool, schemaName: string | undefined, opts: PgChangeFeedOptions = {}) {
    super();
    this.channel = channelFor(schemaName);
    this.backoffMs = opts.backoffMs ?? 250;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
    this.heartbeatMs = opts.heartbeatMs ?? 30_000;
    this.log = opts.log ?? ((m) => { process.stderr.write(`${m}\n`); });
  }

  /** Connect and LISTEN; resolves once listening (throws if the first connection fails). */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    // TCP keep-alive and a periodic query: a connection a firewall dropped silently is noticed.
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true });
    this.client = client;
    let lost = false;
    const heartbeat = setInterval(() => {
      client.query('select 1').catch((e: unknown) => { onLost(e instanceof Error ? e.message : String(e)); });
    }, this.heartbeatMs);
    heartbeat.unref();
    const onLost = (why: string) => {
      clearInterval(heartbeat);
      if (lost || this.closed || this.client !== client) return;
      lost = true;
      this.connected = false;
      this.client = null;
      this.log(`数据变更通知连接中断（${why}），将重新连接`);
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', (e) => { onLost(e.message); });
    client.on('end', () => { onLost('连接已关闭'); });
    client.on('notification', (n) => {
      if (n.channel !== this.channel || !n.payload) return;
      let m: Partial<Message>;
      try {
        m = JSON.parse(n.payload) as Partial<Message>;
      } catch {
        return;
      }
      if (typeof m.topic === 'string' && m.origin !== this.origin) this.dispatch(m.topic);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (e) {
      clearInterval(heartbeat);
      lost = true;
      this.client = null;
      client.end().catch(() => undefined);
      throw e;
    }
    this.connected = true;
    this.attempt = 0;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.timer) return;
    const delay = Math.min(this.backoffMs * 2 ** this.attempt, this.maxBackoffMs);
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().then(
        // Whatever was published while we were away is lost: every subscriber reloads.
        () => { for (const l of this.listeners) l.resync(); },
        (e: unknown) => {
          this.log(`数据变更通知连接失败（${e instanceof Error ? e.message : String(e)}），将重试`);
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.timer.unref();
  }

  /** For tests: end the LISTEN connection as a network failure would. */
  async dropConnection(): Promise<void> {
    const c = this.client;
    if (!c) return;
    await this.pool.query('select pg_terminate_backend(pid) from pg_stat_activity where pid = $1', [(c as unknown as { processID: number }).processID]);
  }

  protected override async send(topic: string): Promise<void> {
    const payload: Message = { topic, origin: this.origin };
    await this.pool.query('select pg_notify($1, $2)', [this.channel, JSON.stringify(payload)]);
  }

  override state(): 'local' | 'listening' | 'reconnecting' | 'closed' {
    if (this.closed) return 'closed';
    return this.connected ? 'listening' : 'reconnecting';
  }

  override async close(): Promise<void> {
    await super.close();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const c = this.client;
    this.client = null;
    this.connected = false;
    if (c) await c.end().catch(() => undefined);
  }
}
