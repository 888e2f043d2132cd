/**
 * The demo petitions: a few hundred believable cases spread over every state, created through the
 * same service calls as the API (CaseService.register / .act), each walked forward by the right demo
 * users with a movable clock set to plausible past dates, so due dates are real and some are overdue.
 *
 * The same on every machine: everything is drawn from one seeded PRNG (random.ts), the texts come
 * from the data files of the repository (petition-texts.ts), and dates are China dates. Only "today"
 * moves the demo (the demo shows live deadlines), and it can be fixed with `today`.
 *
 * Here: the orchestration. case-planner.ts decides which cases in which states from when,
 * case-steps.ts which actions lead there, petition-writer.ts what the petitions say; the steps of all
 * cases run in date order, so case and document numbers follow the calendar.
 */
import type { FieldCrypto } from '../security/field-crypto.js';
import { addDays, chinaDate, type IsoDate } from '../domain/calendar/dates.js';
import type { HolidayCalendar } from '../domain/calendar/holiday-calendar.js';
import { DomainError, must } from '../domain/errors.js';
import type { CaseRecord } from '../domain/model/case.js';
import type { StaffUser } from '../domain/model/user.js';
import { makeServices, type Services } from '../compose.js';
import type { Database } from '../store/database.js';
import { planDemoCases, planWindow } from './case-planner.js';
import type { Plan, Step } from './case-steps.js';
import { MovableClock } from './movable-clock.js';
import { demoAttachmentFile } from './demo-attachments.js';
import { demoPetition, repeatPetition, type DemoPetition } from './petition-writer.js';
import { createRng, type Rng } from './random.js';

// bench/bench.ts builds its own petitions with these.
export { DEMO_MATTERS } from './case-routes.js';
export { MovableClock } from './movable-clock.js';
export type { TownKey } from './petition-texts.js';
export { demoOpinionFor, demoPetition, type Vars } from './petition-writer.js';
export { createRng, type Rng } from './random.js';

export interface SeedOptions {
  /** How many petitions (default 300). */
  count?: number;
  /** The demo's "today" (default: the current date in China). */
  today?: IsoDate;
  /** PRNG seed (default 20260601). */
  seed?: number;
  /** Called with a line per step that was refused (for diagnosis). */
  onRefusal?: (line: string) => void;
  /** Field encryption (default: the keyring from the environment, as the server uses). */
  crypto?: FieldCrypto;
}

/** A plan being carried out. */
interface Run {
  plan: Plan;
  /** Index of the next step. */
  next: number;
  /** When the next step happens. */
  date: IsoDate;
  minute: number;
  caseId?: string;
  record?: CaseRecord;
  demo?: DemoPetition;
  done: boolean;
  failure?: string;
}

/** A day beyond the calendar's known years counts as a working day (no step is placed there anyway). */
function isWorkingDay(cal: HolidayCalendar, d: IsoDate): boolean {
  try {
    return cal.isWorkingDay(d);
  } catch {
    return true;
  }
}

/**
 * Creates the demo petitions on an empty case table and returns how many were registered. Uses its
 * own services on `database` with a movable clock, so every date the records carry is a past date.
 *
 * Each call commits on its own, as from the API. (Wrapping the steps in outer transactions, with the
 * service transactions as savepoints, was measured slower: locking a row that another subtransaction
 * of the same transaction updated makes PostgreSQL create a MultiXact.)
 */
export async function seedDemoCases(database: Database, opts: SeedOptions = {}): Promise<number> {
  const count = opts.count ?? 300;
  const realToday = opts.today ?? chinaDate(new Date());
  const rng = createRng(opts.seed ?? 20260601);
  const clock = new MovableClock();
  const services: Services = makeServices(database, clock, opts.crypto);
  const snap = await services.ref.get();
  const years = snap.calendar.years();
  // One year past the holiday data: its due dates are provisional (预计) and the demo shows them so.
  const window = planWindow(realToday, (years[years.length - 1] ?? +realToday.slice(0, 4)) + 1);
  const today = window.today;

  // 1. Which cases, in which states, from when.
  const plans = planDemoCases(rng, count, window);

  // 2. Run every step of every case in date order.
  const runs: Run[] = plans.map((plan) => ({ plan, next: 0, date: plan.origin, minute: 0, done: false }));
  const users = new Map<string, StaffUser>();
  const user = (username: string): StaffUser => {
    let u = users.get(username);
    if (!u) {
      u = snap.users.get(`u-${username}`);
      if (!u) throw new Error(`demo user ${username} missing`);
      users.set(username, u);
    }
    return u;
  };
  /** Dates the run's next step: on its planned day, or the nearest working day, never before the previous step. */
  const schedule = (run: Run, prev: IsoDate | null, prevMinute: number): void => {
    const step = run.plan.steps[run.next];
    if (!step) { run.done = true; return; }
    let d = addDays(run.plan.origin, step.at);
    if (prev && d < prev) d = prev;
    const early = run.record && step.earliest ? step.earliest(run.record) : null;
    if (early && d < early) d = early;
    if (!isWorkingDay(snap.calendar, d)) {
      let back = d;
      for (let i = 0; i < 9 && !isWorkingDay(snap.calendar, back); i++) back = addDays(back, -1);
      if (isWorkingDay(snap.calendar, back) && (!prev || back >= prev) && (!early || back >= early)) d = back;
      else {
        let fwd = d;
        for (let i = 0; i < 9 && !isWorkingDay(snap.calendar, fwd); i++) fwd = addDays(fwd, 1);
        if (fwd <= today) d = fwd;
      }
    }
    if (d > today) { run.done = true; return; }
    run.date = d;
    run.minute = prev === d ? Math.min(prevMinute + rng.int(8, 50), 17 * 60 + 50) : rng.int(8 * 60 + 30, 17 * 60 + 20);
  };
  for (const run of runs) schedule(run, null, 0);

  let created = 0;
  const refuse = (run: Run, step: Step, e: unknown) => {
    run.done = true;
    run.failure = e instanceof DomainError ? `${e.code} ${e.message}` : String(e);
    opts.onRefusal?.(`#${run.plan.idx} ${run.plan.family}/${run.plan.matter}→${run.plan.target} ${step.act} by ${step.who} on ${run.date}: ${run.failure}`);
  };
  for (;;) {
    let best: Run | undefined;
    for (const run of runs) {
      if (run.done) continue;
      if (!best || run.date < best.date || (run.date === best.date && run.minute < best.minute)) best = run;
    }
    if (!best) break;
    const run = best;
    const step = must(run.plan.steps[run.next], 'the next step of a run not done');
    if (step.when && run.record && !step.when(run.record)) {
      run.next++;
      schedule(run, run.date, run.minute);
      continue;
    }
    clock.set(run.date, run.minute);
    try {
      if (step.act === 'register') {
        const earlier = run.plan.linkTo !== undefined ? runs[run.plan.linkTo] : undefined;
        if (run.plan.linkTo !== undefined && !earlier?.caseId) throw new DomainError('EARLIER_CASE_MISSING', '原信访事项未生成');
        const demo = registrationContent(rng, run, earlier);
        run.demo = demo;
        // The attachments are uploaded first by the registering user, as on the workbench.
        const attachments = [];
        for (const a of demo.content.attachments) {
          const file = demoAttachmentFile(a);
          attachments.push(await services.caseAttachments.upload(user(step.who), file.bytes, file.name));
        }
        const r = await services.cases.register(user(step.who), { ...demo.content, attachments }, { simplified: run.plan.simplified });
        run.caseId = r.case.id;
        run.record = r.case;
        created++;
      } else {
        // Every step after the first acts on the case the first one registered.
        const c = must(run.record, 'the registered case');
        const input = step.input({ date: run.date, c, vars: must(run.demo, 'the registered petition').vars, rng });
        const r = await services.cases.act(user(step.who), c.id, step.act, input as never);
        run.record = r.case;
      }
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      refuse(run, step, e);
      continue;
    }
    run.next++;
    schedule(run, run.date, run.minute);
  }
  return created;
}

/** The petition as registered: new text, or for a repeat petition the earlier one's matter and people. */
function registrationContent(rng: Rng, run: Run, earlier: Run | undefined): DemoPetition {
  const p = run.plan;
  const receivedOn = ['visit', 'phone', 'video'].includes(p.channel ?? '') ? run.date : addDays(run.date, -rng.int(0, p.simplified ? 0 : 3));
  if (earlier?.demo && earlier.record) {
    return repeatPetition(rng, earlier.demo, earlier.record.number, earlier.record.id, { merged: p.target === 'merged', receivedOn, organs: p.organs });
  }
  return demoPetition(rng, {
    matter: p.matter, receivedOn, townKey: p.townKey, channel: p.channel, organs: p.organs, accused: p.accused,
    allowGroup: !p.simplified,
  });
}
