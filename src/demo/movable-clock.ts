import type { Clock } from '../app/clock.js';
import type { IsoDate } from '../domain/calendar/dates.js';

/**
 * A clock set to a Beijing date and minute of day: the demo and the bench walk cases through past
 * dates with it. Computed in UTC, so the server's time zone plays no part.
 */
export class MovableClock implements Clock {
  private current = new Date();
  set(date: IsoDate, minuteOfDay: number): void {
    // Beijing time = UTC+8
    this.current = new Date(Date.parse(`${date}T00:00:00.000Z`) + (minuteOfDay - 8 * 60) * 60_000);
  }

  now(): Date {
    return new Date(this.current);
  }
}
