/** GET /api/health: the database answers, and which kind it is. */
import type { Database } from '../store/database.js';

export class HealthCheck {
  constructor(private readonly database: Database) {}

  async check(): Promise<{ status: 'ok'; database: string }> {
    await this.database.db.execute('select 1' as never);
    return { status: 'ok', database: this.database.kind };
  }
}
