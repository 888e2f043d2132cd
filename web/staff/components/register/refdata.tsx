/**
 * Reference data the registration and administration screens share: the organ list, the 3-level
 * category dictionary and the GB/T 2260 region tree (loaded level by level), with pickers over them.
 */
import { useQuery } from '@tanstack/react-query';
import { Cascader, Select, TreeSelect } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../../shared/api';
import type { Schema } from '../../../shared/api-contract';

export type Organ = Schema<'Organ'>;
export type Category = Schema<'Category'>;
export type Region = Schema<'Region'>;

export const ORGAN_LEVEL_LABELS: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇', village: '村（社区）', department: '部门' };
export const ORGAN_KIND_LABELS: Record<string, string> = { petition_office: '信访部门', handling_organ: '办理机关', discipline_inspection: '纪检监察机关', political_legal: '政法机关' };

export function useOrgans() {
  return useQuery({ queryKey: ['organs'], queryFn: () => api.get<Organ[]>('/api/organs'), staleTime: 60_000 });
}

export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: () => api.get<Category[]>('/api/categories'), staleTime: 600_000 });
}

/** The organ's full name path (江西省人民政府 / 赣州市人民政府 / …) for search and display. */
export interface OrganTreeOption { value: string; title: string; children?: OrganTreeOption[] }

/** Organs as TreeSelect options under their parents (an organ whose parent is not given is a root). */
export function organTreeOptions(organs: Organ[]): OrganTreeOption[] {
  const nodes = new Map<string, OrganTreeOption>(organs.map((o) => [o.id, { value: o.id, title: o.name }]));
  const roots: OrganTreeOption[] = [];
  for (const o of organs) {
    const n = nodes.get(o.id)!;
    const p = o.parentId ? nodes.get(o.parentId) : undefined;
    if (p) (p.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}

export function organPath(organs: Organ[], id: string): string {
  const byId = new Map(organs.map((o) => [o.id, o]));
  const parts: string[] = [];
  for (let o = byId.get(id); o; o = o.parentId ? byId.get(o.parentId) : undefined) parts.unshift(o.name);
  return parts.join(' / ');
}

/** Organs to choose from (merged ones excluded: their successor receives the work). */
export function OrganSelect(props: { id?: string; value?: string[]; onChange?: (v: string[]) => void; exclude?: string[]; 'aria-label'?: string; placeholder?: string }) {
  const { data = [] } = useOrgans();
  const options = useMemo(() => data.filter((o) => !o.successorId && !props.exclude?.includes(o.id))
    .map((o) => ({ value: o.id, label: o.name, title: organPath(data, o.id) })), [data, props.exclude]);
  return (
    <Select id={props.id} mode="multiple" allowClear showSearch optionFilterProp="title" value={props.value} onChange={props.onChange}
      options={options} placeholder={props.placeholder ?? '输入名称搜索'} aria-label={props['aria-label']} maxCount={20} />
  );
}

interface TreeNode { value: string; title: string; key: string; selectable?: boolean; children?: TreeNode[] }

/** 内容分类: a searchable tree over the 3-level dictionary; only the most specific level is chosen. */
export function CategoryPicker(props: { id?: string; value?: string | null; onChange?: (v: string | null) => void; 'aria-label'?: string }) {
  const { data = [] } = useCategories();
  const tree = useMemo(() => {
    const nodes = new Map<string, TreeNode>();
    const roots: TreeNode[] = [];
    for (const c of data) nodes.set(c.code, { value: c.code, key: c.code, title: c.name });
    for (const c of data) {
      const n = nodes.get(c.code)!;
      const p = c.parentCode ? nodes.get(c.parentCode) : undefined;
      if (p) (p.children ??= []).push(n);
      else roots.push(n);
    }
    for (const n of nodes.values()) if (n.children?.length) n.selectable = false;
    return roots;
  }, [data]);
  return (
    <TreeSelect id={props.id} showSearch treeNodeFilterProp="title" allowClear value={props.value ?? undefined}
      onChange={(v) => props.onChange?.((v as string | undefined) ?? null)} treeData={tree} placeholder="输入关键字搜索，如“工资”"
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
export function RegionPicker(props: { id?: string; value?: string | null; onChange?: (v: string | null) => void; 'aria-label'?: string; changeOnSelect?: boolean }) {
  const [options, setOptions] = useState<RegionOption[]>([]);
  const tree = useRef<RegionOption[] | null>(null);
  const path = regionPath(props.value);
  const pathKey = path.join(',');
  // Load the root level, then each level along the value's path not loaded yet (labels, not codes).
  useEffect(() => {
    let live = true;
    void (async () => {
      tree.current ??= (await api.get<Region[]>('/api/regions')).map(toOption);
      let level = tree.current;
      for (const code of pathKey ? pathKey.split(',').slice(0, -1) : []) {
        const node = level.find((o) => o.value === code);
        if (!node) break;
        node.children ??= (await api.get<Region[]>('/api/regions', { query: { parent: code } })).map(toOption);
        level = node.children;
      }
      if (live) setOptions([...tree.current]);
    })().catch(() => undefined);
    return () => { live = false; };
  }, [pathKey]);
  const loadData = async (selected: RegionOption[]) => {
    const target = selected[selected.length - 1]!;
    if (target.children) return;
    const kids = await api.get<Region[]>('/api/regions', { query: { parent: target.value } });
    target.children = kids.map(toOption);
    if (kids.length === 0) target.isLeaf = true;
    setOptions([...(tree.current ?? [])]);
  };
  return (
    <Cascader id={props.id} options={options} loadData={loadData as never} changeOnSelect={props.changeOnSelect ?? true} value={path}
      onChange={(v) => props.onChange?.(v && v.length ? String(v[v.length - 1]) : null)} placeholder="省 / 市 / 县 / 乡镇"
      aria-label={props['aria-label']} allowClear showSearch={{ filter: (input, opts) => opts.some((o) => String(o.label).includes(input)) }} />
  );
}
