/**
 * The demo SMS gateway: one JSON line per message in a local file (the file is what a checker reads
 * to see that every message went out once), and a log line with the phone masked.
 *
 * Idempotent per delivery id: before appending, the file is read and a line with the same delivery
 * id is answered as already sent. A worker killed between appending and marking the row sent
 * therefore re-sends with the same id and nothing is appended twice.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { maskPhone } from '../../domain/identity/id-number.js';
import { systemClock, type Clock } from '../../app/clock.js';
import { consoleLogger, type Logger, type SmsAdapter, type SmsMessage } from './adapter.js';

export interface SmsFileLine {
  deliveryId: string;
  providerMessageId: string;
  at: string;
  /** Masked: the file is a demo gateway, not a store of petitioners' numbers. */
  phone: string;
  templateKey: string;
  text: string;
}

/** The complete lines of the file (a torn last line, from a crash mid-write, is skipped). */
export async function readSmsFile(path: string): Promise<SmsFileLine[]> {
  try {
    return parseSmsLines(await readFile(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

function parseSmsLines(text: string): SmsFileLine[] {
  const out: SmsFileLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as SmsFileLine);
    } catch { /* torn line */ }
  }
  return out;
}

export class FileSmsAdapter implements SmsAdapter {
  readonly name = 'file';
  constructor(readonly path: string, private readonly logger: Logger = consoleLogger, private readonly clock: Clock = systemClock) {}

  async send(msg: SmsMessage): Promise<{ providerMessageId: string }> {
    const providerMessageId = `file-${msg.deliveryId}`;
    await mkdir(dirname(this.path), { recursive: true });
    let existing = '';
    try {
      existing = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const already = parseSmsLines(existing).find((l) => l.deliveryId === msg.deliveryId);
    if (already) {
      this.logger.info(`短信已在文件中（重复投递被忽略） delivery=${msg.deliveryId} to=${maskPhone(msg.phone)}`);
      return { providerMessageId: already.providerMessageId };
    }
    const line: SmsFileLine = {
      deliveryId: msg.deliveryId, providerMessageId, at: this.clock.now().toISOString(),
      phone: maskPhone(msg.phone), templateKey: msg.templateKey, text: msg.text,
    };
    // A torn last line (crash mid-write) gets terminated, so this message starts on its own line.
    const lead = existing && !existing.endsWith('\n') ? '\n' : '';
    await appendFile(this.path, `${lead}${JSON.stringify(line)}\n`, 'utf8');
    this.logger.info(`短信（演示，写入文件） delivery=${msg.deliveryId} to=${maskPhone(msg.phone)} template=${msg.templateKey}`);
    return { providerMessageId };
  }
}
