/**
 * For the audit head commands: the signing key from MINSHENG_AUDIT_HEAD_KEY (base64, ≥ 32 bytes).
 * It must not be kept in the database (nor beside the backups); the server gets it from its configuration.
 */
import { parseAuditHeadKey } from '../src/security/audit-head.js';

export function auditHeadKeyFromEnv(env = process.env): Buffer {
  return parseAuditHeadKey(env.MINSHENG_AUDIT_HEAD_KEY);
}
