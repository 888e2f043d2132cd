/**
 * Pickers over the reference data the registration and administration screens share: the organs,
 * the 3-level category dictionary (both from ../reference) and the GB/T 2260 region tree (loaded
 * level by level).
 */
import { Cascader, Select, TreeSelect } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../../shared/api';
import type { Schema } from '../../../shared/api-contract';
import { useCategories, useOrgans, type Category, type Organ } from '../reference';

export type Region = Schema<'Region'>;

export const ORGAN_LEVEL_LABELS: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇', village: '村（社区）', department: '部门' };
export const ORGAN_KIND_LABELS: Record<string, string> = { petition_office: '信访部门', handling_organ: '办理机关', discipline_inspection: '纪检监察机关', political_legal: '政法机关' };

export interface TreeOption { value: string; title: string; children?: TreeOption[] }

/** Rows as TreeSelect options under their parents (a row whose parent is not among them is a root). */
export function treeOptions<T>(rows: T[], key: (r: T) => string, parent: (r: T) => string | null, title: (r: T) => string): TreeOption[] {
  const nodes = rows.map((r): [T, TreeOption] => [r, { value: key(r), title: title(r) }]);
  const byKey = new Map(nodes.map(([, n]) => [n.value, n]));
  const roots: TreeOption[] = [];
  for (const [r, n] of nodes) {
    const p = parent(r);
    const above = p ? byKey.get(p) : undefined;
    if (above) (above.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}

/** Organs as TreeSelect options under their parents. */
export const organTreeOptions = (organs: Organ[]) => treeOptions(organs, (o) => o.id, (o) => o.parentId, (o) => o.name);
/** The category dictionary as TreeSelect options. */
export const categoryTreeOptions = (categories: Category[]) => treeOptions(categories, (c) => c.code, (c) => c.parentCode, (c) => c.name);

export function organPath(organs: Organ[], id: string): string {
  const byId = new Map(organs.map((o) => [o.id, o]));
  const parts: string[] = [];
  for (let o = byId.get(id); o; o = o.parentId ? byId.get(o.parentId) : undefined) parts.unshift(o.name);
  return parts.join(' / ');
}

/** Organs to choose from (merged ones excluded: their successor receives the work). */
export function OrganSelect(props: { 'id'?: string; 'value'?: string[]; 'onChange'?: (v: string[]) => void; 'exclude'?: string[]; 'aria-label'?: string; 'placeholder'?: string }) {
  const { organs } = useOrgans();
  const options = useMemo(() => organs.filter((o) => !o.successorId && !props.exclude?.includes(o.id))
    .map((o) => ({ value: o.id, label: o.name, title: organPath(organs, o.id) })), [organs, props.exclude]);
  return (
    <Select id={props.id} mode="multiple" allowClear showSearch optionFilterProp="title" value={props.value} onChange={props.onChange}
      options={options} placeholder={props.placeholder ?? '输入名称搜索'} aria-label={props['aria-label']} maxCount={20} />
  );
}

interface CategoryNode { value: string; title: string; key: string; selectable?: boolean; children?: CategoryNode[] }
/** Only a leaf is chosen: a node with children only opens. */
const leavesOnly = (nodes: TreeOption[]): CategoryNode[] => nodes.map((n) => ({
  value: n.value, title: n.title, key: n.value, ...(n.children ? { selectable: false, children: leavesOnly(n.children) } : {}),
}));

/** 内容分类: a searchable tree over the 3-level dictionary; only the most specific level is chosen. */
export function CategoryPicker(props: { 'id'?: string; 'value'?: string | null; 'onChange'?: (v: string | null) => void; 'aria-label'?: string }) {
  const { categories } = useCategories();
  const tree = useMemo(() => leavesOnly(categoryTreeOptions(categories)), [categories]);
  return (
    <TreeSelect id={props.id} showSearch treeNodeFilterProp="title" allowClear value={props.value ?? undefined}
      onChange={(v: string | undefined) => props.onChange?.(v ?? null)} treeData={tree} placeholder="输入关键字搜索，如“工资”"
      aria-label={props['aria-label']} popupMatchSelectWidth={false} listHeight={360} />
  );
}

interface RegionOption { value: string; label: string; isLeaf: boolean; children?: RegionOption[] }

const toOption = (r: Region): RegionOption => ({ value: r.code, label: r.name, isLeaf: r.level === 'township' });

/** Codes from the province down to `code` (36 → 3607 → 360731 → 360731103); 6-digit organ codes are normalised. */
export function regionPath(code: string | null | undefined): string[] {
  if (!code) return [];
  let c = code;
  if (/^\d{6}$/.test(c)) c = c.endsWith('0000') ? c.slice(0, 2) : c.endsWith('00') ? c.slice(0, 4) : c;
  const out: string[] = [];
  for (const len of [2, 4, 6, 9, 12]) if (c.length >= len) out.push(c.slice(0, len));
  return out;
}

/**
 * 行政区划: a cascader loading each level on demand; `value` is the most specific code chosen.
 * The options along the current value's path are loaded up front so the label shows, not the code.
 */
export function RegionPicker(props: { 'id'?: string; 'value'?: string | null; 'onChange'?: (v: string | null) => void; 'aria-label'?: string; 'changeOnSelect'?: boolean }) {
  const [options, setOptions] = useState<RegionOption[]>([]);
  const tree = useRef<RegionOption[] | null>(null);
  const path = regionPath(props.value);
  const pathKey = path.join(',');
  // Load the root level, then each level along the value's path not loaded yet (labels, not codes).
  useEffect(() => {
    const gone = new AbortController();
    const { signal } = gone;
    void (async () => {
      tree.current ??= (await api.get<Region[]>('/api/regions', { signal })).map(toOption);
      let level = tree.current;
      for (const code of pathKey ? pathKey.split(',').slice(0, -1) : []) {
        const node = level.find((o) => o.value === code);
        if (!node) break;
        node.children ??= (await api.get<Region[]>('/api/regions', { query: { parent: code }, signal })).map(toOption);
        level = node.children;
      }
      if (!signal.aborted) setOptions([...tree.current]);
    })().catch(() => undefined);
    return () => gone.abort();
  }, [pathKey]);
  const loadData = async (selected: RegionOption[]) => {
    const target = selected.at(-1);
    if (!target || target.children) return;
    const kids = await api.get<Region[]>('/api/regions', { query: { parent: target.value } });
    target.children = kids.map(toOption);
    if (kids.length === 0) target.isLeaf = true;
    setOptions([...(tree.current ?? [])]);
  };
  return (
    <Cascader id={props.id} options={options} loadData={(selected) => { void loadData(selected); }} changeOnSelect={props.changeOnSelect ?? true} value={path}
      // Cleared: undefined.
      onChange={(v: string[] | undefined) => props.onChange?.(v?.at(-1) ?? null)} placeholder="省 / 市 / 县 / 乡镇"
      aria-label={props['aria-label']} allowClear showSearch={{ filter: (input, opts) => opts.some((o) => o.label.includes(input)) }} />
  );
}
