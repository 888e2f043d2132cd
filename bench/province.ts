/**
 * A whole province for the benchmarks: the demo tree (organ-tree.ts) is county 0 of city 0, and
 * every other county is a copy of the demo county (its departments, three townships with their
 * petition offices and villages, and their staff) under one of the province's eleven cities, each
 * city a copy of the demo city's organs. Ids and usernames of a copy carry its prefix, so the plans
 * written for the demo tree (which organ routes to which, who handles, who approves) apply to any
 * county through `County.organ` and `County.user`.
 */
import type { Organ } from '../src/domain/model/organ.js';
import { DEPTS } from '../src/demo/case-routes.js';
import { DEMO_ORGANS, DEMO_USERS, type DemoUser } from '../src/demo/organ-tree.js';

/**
 * The departments the demo leaves without staff (卫健委, 生态环境局, 交通运输局: the demo shows an
 * unstaffed organ's waiting cases) get a handler and a leader in every county of the bench's
 * province; without them a third of the province's cases would wait for acceptance forever.
 */
const STAFF_NAMES: Record<string, readonly [string, string]> = { wjw: ['何丽', '彭军'], sthj: ['邓华', '蒋涛'], jtj: ['谢勇', '冯霞'] };
export const BENCH_STAFF: readonly DemoUser[] = Object.entries(DEPTS).filter(([, d]) => !d.handler).flatMap(([key, d]) => {
  const [handler, leader] = STAFF_NAMES[key] ?? ['办件人', '分管领导'];
  return [
    { id: `u-${key}_handler`, username: `${key}_handler`, name: handler, organId: d.organ, roles: ['handler' as const] },
    { id: `u-${key}_leader`, username: `${key}_leader`, name: leader, organId: d.organ, roles: ['leader' as const] },
  ];
});

/** The cities of Jiangxi with their GB/T 2260 codes; 赣州 (360700) is the demo city. */
const CITIES: readonly (readonly [string, string])[] = [
  ['赣州市', '360700'], ['南昌市', '360100'], ['景德镇市', '360200'], ['萍乡市', '360300'], ['九江市', '360400'], ['新余市', '360500'],
  ['鹰潭市', '360600'], ['吉安市', '360800'], ['宜春市', '360900'], ['抚州市', '361000'], ['上饶市', '361100'],
];
/** Names for the copied counties (two characters + 县), the first syllable from the city's index. */
const FIRST = '安丰乐永新宁泰和平兴昌德';
const SECOND = '东西南北中阳源江山川';

const CITY_SUBTREE = (id: string) => id === 'city' || id.startsWith('city-');
const COUNTY_SUBTREE = (id: string) => id === 'county' || id.startsWith('county-') || id.startsWith('town-') || id.startsWith('vil-');
const ADMIN_ROLES = new Set(['system_admin', 'security_admin', 'audit_admin']);

/** One county of the province: how the demo tree's ids and usernames read in it. */
export interface County {
  index: number;
  name: string;
  /** The demo tree's organ id as it is in this county (organs of the province itself are shared). */
  organ(demoId: string): string;
  /** The demo username as it is in this county. */
  user(demoUsername: string): string;
}

export interface Province { organs: Organ[]; users: DemoUser[]; counties: County[] }

/** The demo tree plus `counties − 1` copied counties, nine to a city. */
export function province(counties: number): Province {
  const organs: Organ[] = [];
  const users: DemoUser[] = [];
  const out: County[] = [];
  const staff = [...DEMO_USERS, ...BENCH_STAFF];
  const userOrgan = new Map(staff.map((u) => [u.username, u.organId]));
  for (let k = 0; k < counties; k++) {
    const j = Math.floor(k / 9);
    const p = k % 9;
    if (j >= CITIES.length) throw new Error(`at most ${CITIES.length * 9} counties`);
    const [cityName, cityCode] = CITIES[j]!;
    const countyName = k === 0 ? '于都县' : `${FIRST[j]}${SECOND[p]}县`;
    const countyCode = k === 0 ? '360731' : `${cityCode.slice(0, 4)}${String(j === 0 ? 40 + p : 21 + p)}`;
    const cityPrefix = j === 0 ? '' : `c${j}-`;
    const countyPrefix = k === 0 ? '' : `k${k}-`;
    const organ = (id: string) => (CITY_SUBTREE(id) ? `${cityPrefix}${id}` : COUNTY_SUBTREE(id) ? `${countyPrefix}${id}` : id);
    const user = (username: string) => {
      const at = userOrgan.get(username);
      if (!at) throw new Error(`no demo user ${username}`);
      if (CITY_SUBTREE(at) && j > 0) return `c${j}_${username}`;
      if (COUNTY_SUBTREE(at) && k > 0) return `k${k}_${username}`;
      return username;
    };
    out.push({ index: k, name: countyName, organ, user });
    if (k === 0) {
      users.push(...BENCH_STAFF); // the demo tree itself is loaded by seedReference
      continue;
    }
    const rename = (name: string) => name.replaceAll('赣州市于都', `${cityName}${countyName.slice(0, 2)}`).replaceAll('于都县', countyName).replaceAll('于都', countyName.slice(0, 2)).replaceAll('赣州市', cityName);
    const region = (code: string | null) => (code === null ? null : code.startsWith('360731') ? countyCode + code.slice(6) : code === '360700' ? cityCode : code);
    const copy = (o: Organ): Organ => ({
      ...o, id: organ(o.id), parentId: o.parentId === null ? null : organ(o.parentId), name: rename(o.name), regionCode: region(o.regionCode),
    });
    // A new city with its first county; later counties of that city add only their own subtree.
    if (p === 0 && j > 0) for (const o of DEMO_ORGANS.filter((x) => CITY_SUBTREE(x.id))) organs.push(copy(o));
    for (const o of DEMO_ORGANS.filter((x) => COUNTY_SUBTREE(x.id))) organs.push(copy(o));
    for (const u of staff) {
      if (u.roles.some((r) => ADMIN_ROLES.has(r))) continue;
      const inCity = CITY_SUBTREE(u.organId) && p === 0 && j > 0;
      if (!inCity && !COUNTY_SUBTREE(u.organId)) continue;
      const username = user(u.username);
      users.push({ ...u, id: `u-${username}`, username, organId: organ(u.organId), name: u.name });
    }
  }
  return { organs, users, counties: out };
}
