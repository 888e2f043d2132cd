/** Demo petitioners and where they live: names, valid ID numbers, mobiles, addresses in 于都县. */
import { idNumberCheckChar } from '../domain/identity/id-number.js';
import type { Petitioner } from '../domain/model/petition.js';
import { render } from '../notify/templates.js';
import { PEOPLE_AND_PLACES as P, type Town, type TownKey } from './petition-texts.js';
import type { Rng } from './random.js';

export function personName(rng: Rng, male: boolean): string {
  return rng.pick(P.surnames) + rng.pick(male ? P.maleGivenNames : P.femaleGivenNames);
}

/**
 * A valid 18-digit 公民身份号码 of 于都县 (360731), born between minAge and maxAge years before 2026
 * (a fixed year, not the current one, so the same seed gives the same numbers in any year).
 */
export function demoIdNumber(rng: Rng, male: boolean, minAge = 22, maxAge = 80): string {
  const year = 2026 - rng.int(minAge, maxAge);
  const month = rng.int(1, 12);
  const day = rng.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate()); // day 0 of the next month: this month's last
  const seq = rng.int(0, 49) * 2 + (male ? 1 : 0) + rng.int(0, 9) * 100; // 17th digit odd for men
  const first17 = `360731${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

function mobile(rng: Rng): string {
  return rng.pick(P.mobilePrefixes) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

export interface Place { town: Town; village: string; urban: boolean; community: string; estate: string }

export const TREE_TOWN_KEYS = ['gj', 'tsl', 'pgs'] as const satisfies readonly TownKey[];

/** Urban: the county town (贡江镇); otherwise a village of the given township, of a tree township, or (45 %) of another. */
export function place(rng: Rng, opts: { townKey?: TownKey; urban?: boolean }): Place {
  const urban = opts.urban ?? false;
  let town: Town;
  if (urban) town = P.treeTownships.gj;
  else if (opts.townKey) town = P.treeTownships[opts.townKey];
  else if (rng.chance(0.55)) town = P.treeTownships[rng.pick(TREE_TOWN_KEYS)];
  else town = rng.pick(P.otherTownships);
  return { town, village: rng.pick(town.villages), urban, community: rng.pick(P.communities), estate: rng.pick(P.estates) };
}

function address(rng: Rng, p: Place): string {
  if (p.urban) {
    const [building, unit, floor, room] = [rng.int(1, 18), rng.int(1, 3), rng.int(1, 18), rng.int(1, 4)].map(String) as [string, string, string, string];
    return render(P.addresses.urban, { estate: p.estate, building, unit, floor, room });
  }
  const [hamlet, group, number] = [rng.pick(P.hamlets), String(rng.int(1, 14)), String(rng.int(1, 68))] as const;
  return render(P.addresses.village, { town: p.town.name, village: p.village, hamlet, group, number });
}

export function petitioner(rng: Rng, p: Place, representative?: boolean): Petitioner {
  const male = rng.chance(0.62);
  const out: Petitioner = {
    kind: 'person',
    name: personName(rng, male),
    idNumber: rng.chance(0.9) ? demoIdNumber(rng, male) : null,
    phone: rng.chance(0.95) ? mobile(rng) : null,
    address: address(rng, p),
  };
  if (representative) out.representative = true;
  return out;
}
