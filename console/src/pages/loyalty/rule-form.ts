// The earn rule form's values and their conversion to and from the API.
import dayjs, { type Dayjs } from 'dayjs';
import type { ActionKind, EarnRule, RuleInput, RuleKind } from '../../api/loyalty';
import type { NamePath } from './form-errors';

export interface RuleForm {
  kind: RuleKind;
  name: string;
  active: boolean;
  rate?: number | null;
  channels?: string[];
  storeIds?: string[];
  skus?: string[];
  categoryPrefixes?: string[];
  /** Either end may be open. */
  window?: [Dayjs | null, Dayjs | null] | null;
  action?: ActionKind;
  points?: number | null;
  growth?: number | null;
  limitPerDay?: number | null;
  limitPerMember?: number | null;
  limitTotal?: number | null;
}

export const newRuleForm = (kind: RuleKind): RuleForm => ({
  kind,
  name: '',
  active: true,
  rate: kind === 'multiplier' ? 2 : 1,
  channels: [],
  storeIds: [],
  skus: [],
  categoryPrefixes: [],
  window: null,
  action: 'check_in',
  points: 10,
  growth: 0,
});

export function ruleToForm(r: EarnRule): RuleForm {
  return {
    kind: r.kind,
    name: r.name,
    active: r.active,
    rate: r.rate,
    channels: r.channels,
    storeIds: r.storeIds,
    skus: r.skus,
    categoryPrefixes: r.categoryPrefixes,
    window:
      r.startsAt || r.endsAt
        ? [r.startsAt ? dayjs(r.startsAt) : null, r.endsAt ? dayjs(r.endsAt) : null]
        : null,
    action: r.action ?? 'check_in',
    points: r.points,
    growth: r.growth,
    limitPerDay: r.limitPerDay,
    limitPerMember: r.limitPerMember,
    limitTotal: r.limitTotal,
  };
}

const clean = (list: string[] | undefined) => [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))];

export function ruleFromForm(f: RuleForm): RuleInput {
  const window = {
    startsAt: f.window?.[0]?.toISOString() ?? null,
    endsAt: f.window?.[1]?.toISOString() ?? null,
  };
  const common = { name: f.name.trim(), active: f.active, ...window };
  if (f.kind === 'action') {
    return {
      ...common,
      kind: 'action',
      action: f.action ?? 'check_in',
      points: f.points ?? 0,
      growth: f.growth ?? 0,
      limitPerDay: f.limitPerDay ?? null,
      limitPerMember: f.limitPerMember ?? null,
      limitTotal: f.limitTotal ?? null,
    };
  }
  return {
    ...common,
    kind: f.kind,
    rate: f.rate ?? 1,
    channels: clean(f.channels),
    storeIds: f.storeIds ?? [],
    skus: clean(f.skus),
    categoryPrefixes: clean(f.categoryPrefixes),
  };
}

/** The server names the window's ends and list entries; the form has one range and whole lists. */
export function ruleErrorPath(path: NamePath): NamePath | null {
  const [head] = path;
  if (head === 'startsAt' || head === 'endsAt') return ['window'];
  if (typeof head === 'string') return [head];
  return null;
}
