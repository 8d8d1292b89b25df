import {
  ApiOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  DashboardOutlined,
  GiftOutlined,
  SettingOutlined,
  ShareAltOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Messages } from '../i18n/en';

export type NavLabel = keyof Messages['nav'];

export interface NavLeaf {
  /** Unique menu key; the same page may appear under two groups (Stores). */
  key: string;
  path: string;
  label: NavLabel;
  icon?: ReactNode;
}

export interface NavGroup {
  key: string;
  label: NavLabel;
  icon: ReactNode;
  children: NavLeaf[];
}

export type NavEntry = NavLeaf | NavGroup;

export const NAV: NavEntry[] = [
  { key: 'dashboard', path: '/', label: 'dashboard', icon: <DashboardOutlined /> },
  { key: 'members', path: '/members', label: 'members', icon: <TeamOutlined /> },
  { key: 'orders', path: '/orders', label: 'orders', icon: <ShoppingCartOutlined /> },
  {
    key: 'loyalty',
    label: 'loyalty',
    icon: <GiftOutlined />,
    children: [
      { key: 'loyalty/program', path: '/loyalty/program', label: 'loyaltyProgram' },
      { key: 'loyalty/rules', path: '/loyalty/rules', label: 'earnRules' },
      { key: 'loyalty/coupons', path: '/loyalty/coupons', label: 'coupons' },
      { key: 'loyalty/mall/items', path: '/loyalty/mall/items', label: 'mallItems' },
      { key: 'loyalty/mall/exchanges', path: '/loyalty/mall/exchanges', label: 'mallExchanges' },
    ],
  },
  { key: 'distribution', path: '/distribution', label: 'distribution', icon: <ShareAltOutlined /> },
  {
    key: 'guides-stores',
    label: 'guidesStores',
    icon: <ShopOutlined />,
    children: [
      { key: 'guides', path: '/guides', label: 'guides' },
      { key: 'guides-stores/stores', path: '/settings/stores', label: 'stores' },
    ],
  },
  { key: 'tasks', path: '/tasks', label: 'tasks', icon: <CheckSquareOutlined /> },
  { key: 'segments', path: '/segments', label: 'segments', icon: <ClusterOutlined /> },
  { key: 'analytics', path: '/analytics', label: 'analytics', icon: <BarChartOutlined /> },
  { key: 'channels', path: '/channels', label: 'channels', icon: <ApiOutlined /> },
  {
    key: 'settings',
    label: 'settings',
    icon: <SettingOutlined />,
    children: [
      { key: 'settings/tenant', path: '/settings/tenant', label: 'tenant' },
      { key: 'settings/business-units', path: '/settings/business-units', label: 'businessUnits' },
      { key: 'settings/regions', path: '/settings/regions', label: 'regions' },
      { key: 'settings/stores', path: '/settings/stores', label: 'stores' },
      { key: 'settings/staff', path: '/settings/staff', label: 'staff' },
      { key: 'settings/api-keys', path: '/settings/api-keys', label: 'apiKeys' },
      { key: 'settings/webhooks', path: '/settings/webhooks', label: 'webhooks' },
      { key: 'settings/audit-log', path: '/settings/audit-log', label: 'auditLog' },
    ],
  },
];

export function isGroup(entry: NavEntry): entry is NavGroup {
  return 'children' in entry;
}

function matches(leaf: NavLeaf, pathname: string): boolean {
  if (leaf.path === '/') return pathname === '/';
  return pathname === leaf.path || pathname.startsWith(`${leaf.path}/`);
}

/** Menu keys to highlight and groups to open for a path. */
export function activeKeys(pathname: string): { selected: string[]; open: string[] } {
  const selected: string[] = [];
  const open: string[] = [];
  for (const entry of NAV) {
    if (!isGroup(entry)) {
      if (matches(entry, pathname)) selected.push(entry.key);
      continue;
    }
    const hits = entry.children.filter((leaf) => matches(leaf, pathname));
    if (hits.length > 0) {
      open.push(entry.key);
      selected.push(...hits.map((leaf) => leaf.key));
    }
  }
  return { selected, open };
}

export interface Crumb {
  label: NavLabel;
  path?: string;
}

/** Breadcrumb trail from the navigation tree; the first group that holds the path wins. */
export function navTrail(pathname: string): Crumb[] {
  // Settings is the canonical home of shared pages such as Stores.
  const ordered = [...NAV].sort((a, b) => Number(b.key === 'settings') - Number(a.key === 'settings'));
  for (const entry of ordered) {
    if (!isGroup(entry)) {
      // The path lets a detail page (a member, an order) link back to its list.
      if (matches(entry, pathname) && entry.path !== '/') return [{ label: entry.label, path: entry.path }];
      continue;
    }
    const leaf = entry.children.find((l) => matches(l, pathname));
    if (leaf) return [{ label: entry.label }, { label: leaf.label, path: leaf.path }];
  }
  return [];
}

export function navLabelForPath(pathname: string): NavLabel | undefined {
  return navTrail(pathname).at(-1)?.label;
}
