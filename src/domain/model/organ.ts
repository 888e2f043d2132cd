/**
 * Organs (机关) form a tree: province → city → county → township(街道) → village(社区), and each
 * territorial level has departments (信访局, 人社局, 纪委监委, 政法委 …) as children.
 */
import type { Organ } from '../schemas.js';
export const ORGAN_LEVELS = ['province', 'city', 'county', 'township', 'village', 'department'] as const;
export type OrganLevel = (typeof ORGAN_LEVELS)[number];
export const TERRITORIAL_LEVELS: readonly OrganLevel[] = ['province', 'city', 'county', 'township', 'village'];

export const ORGAN_KINDS = [
  'petition_office', // 信访部门
  'handling_organ', // 有权处理机关: a government or a functional department
  'discipline_inspection', // 纪检监察
  'political_legal', // 政法机关
] as const;
export type OrganKind = (typeof ORGAN_KINDS)[number];

/** 政法部门 and 纪检监察机关 handle matters under their own procedures (Art 23 ¶4, Art 28 ¶2, Art 30): no 信访 acceptance, review or re-review. */
export const OWN_PROCEDURE_KINDS: ReadonlySet<OrganKind> = new Set<OrganKind>(['political_legal', 'discipline_inspection']);

/**
 * An organ: `regionCode` is its GB/T 2260 行政区划 code (territorial organs; departments inherit
 * their parent's); `successorId` is set when it was merged or abolished (its open cases pass to
 * that one); `system` is the functional system (系统) a department belongs to, e.g. 'hrss' for every
 * 人力资源和社会保障 department from province to county: a superior organ of the same system may pass
 * a matter down to the one below that has the authority (Art 23 ¶1, ¶3); null for governments.
 * Defined once as a TypeBox schema in ../schemas.ts.
 */
export type { Organ } from '../schemas.js';

/** Read-only view of the organ tree with the few questions the rules ask of it. */
export class OrganTree {
  private readonly byId: Map<string, Organ>;
  private readonly childrenOf = new Map<string, Organ[]>();

  constructor(organs: Iterable<Organ>) {
    this.byId = new Map([...organs].map((o) => [o.id, o]));
    for (const o of this.byId.values()) {
      if (o.parentId === null) continue;
      const list = this.childrenOf.get(o.parentId) ?? [];
      list.push(o);
      this.childrenOf.set(o.parentId, list);
    }
  }

  get(id: string): Organ | undefined {
    return this.byId.get(id);
  }

  all(): Organ[] {
    return [...this.byId.values()];
  }

  children(id: string): Organ[] {
    return [...(this.childrenOf.get(id) ?? [])];
  }

  parent(id: string): Organ | undefined {
    const p = this.byId.get(id)?.parentId;
    return p ? this.byId.get(p) : undefined;
  }

  /** Self first, then parent, … up to the root. */
  ancestorsOrSelf(id: string): Organ[] {
    const out: Organ[] = [];
    for (let o = this.byId.get(id); o; o = o.parentId ? this.byId.get(o.parentId) : undefined) out.push(o);
    return out;
  }

  isAncestorOrSelf(ancestorId: string, id: string): boolean {
    return this.ancestorsOrSelf(id).some((o) => o.id === ancestorId);
  }

  /** The territorial unit an organ belongs to: itself if territorial, else its nearest territorial ancestor. */
  territoryOf(id: string): Organ | undefined {
    return this.ancestorsOrSelf(id).find((o) => o.level !== 'department');
  }

  /** Every organ in the subtree rooted at id (including id). */
  subtreeIds(id: string): string[] {
    return [id, ...this.descendants(id).map((o) => o.id)];
  }

  /** Every organ below id, at any depth, depth first (the order of subtreeIds). */
  private descendants(id: string): Organ[] {
    const out: Organ[] = [];
    const none: readonly Organ[] = [];
    const stack = [...(this.childrenOf.get(id) ?? none)];
    for (let cur = stack.pop(); cur; cur = stack.pop()) {
      out.push(cur);
      stack.push(...(this.childrenOf.get(cur.id) ?? none));
    }
    return out;
  }

  /**
   * The organ "one level up" that decides a review (复查) of an organ's opinion (Art 35): a
   * department's own government (同级人民政府), a government's parent government.
   */
  reviewOrganOf(id: string): Organ | undefined {
    const o = this.byId.get(id);
    if (!o) return undefined;
    if (o.level === 'department') return this.territoryOf(id);
    const parent = this.parent(id);
    return parent ? this.territoryOf(parent.id) : undefined;
  }

  /**
   * The organs below `id` in its own line (本系统下级机关, Art 23): for a government, every organ of its
   * subtree; for a department of a system, the departments of the same system in the territories
   * below its own.
   */
  subordinatesInSystem(id: string): Organ[] {
    const o = this.byId.get(id);
    if (!o) return [];
    const inSubtree = this.descendants(id);
    if (o.level !== 'department' || !o.system) return inSubtree;
    const territory = this.territoryOf(id);
    if (!territory) return inSubtree;
    // The territory itself is a government, never a department: its descendants are enough.
    const sameSystem = this.descendants(territory.id)
      .filter((x) => x.id !== id && x.level === 'department' && x.system === o.system && this.territoryOf(x.id)?.id !== territory.id);
    return [...inSubtree, ...sameSystem];
  }

  /**
   * Whether `organId` is above `of` (上级机关, Art 44): the government of a territory above `of`'s
   * (or of `of`'s own territory, for a department), or a department of the same system in a
   * territory above.
   */
  isSuperiorOf(organId: string, of: string): boolean {
    const o = this.byId.get(organId);
    const target = this.byId.get(of);
    if (!o || !target || organId === of) return false;
    const mine = this.territoryOf(organId);
    const theirs = this.territoryOf(of);
    if (!mine || !theirs) return false;
    if (o.level !== 'department') return this.isAncestorOrSelf(organId, of);
    return Boolean(o.system) && o.system === target.system && mine.id !== theirs.id && this.isAncestorOrSelf(mine.id, theirs.id);
  }

  /**
   * Whether `officeId`, a petition office, supervises `organId`: the office's own territory is the
   * organ's territory or above it (a county 信访局 oversees the county's departments and townships).
   */
  supervises(officeId: string, organId: string): boolean {
    const office = this.byId.get(officeId);
    if (office?.kind !== 'petition_office' || officeId === organId) return false;
    const territory = this.territoryOf(officeId);
    return territory !== undefined && this.isAncestorOrSelf(territory.id, organId);
  }

  /** Whether the territory of `organId` is an ancestor-or-self of every organ in `ids` (Art 24 common superior). */
  isCommonSuperior(organId: string, ids: string[]): boolean {
    // A government decides for its departments and lower levels, through itself or its petition
    // office; a sibling department is no superior.
    const organ = this.byId.get(organId);
    if (!organ || (organ.level === 'department' && organ.kind !== 'petition_office')) return false;
    const territory = this.territoryOf(organId);
    return territory !== undefined && ids.length > 0 && ids.every((i) => this.isAncestorOrSelf(territory.id, i));
  }
}
