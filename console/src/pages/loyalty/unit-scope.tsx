import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { BusinessUnit } from '../../api/types';
import { useOptions } from '../../hooks/use-options';

/**
 * Which programme the page works on: the group's, or that of a business unit that keeps its own
 * members (?unit=bu_…, kept in the URL so programme and rules pages agree). Undefined: the group.
 */
export function useUnitScope(): string | undefined {
  const [params] = useSearchParams();
  return params.get('unit') ?? undefined;
}

/** The scope picker; nothing at all for a tenant whose units all share one membership. */
export function UnitScopeSelect() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const units = useOptions<BusinessUnit>('/business-units');
  const own = units.items.filter((u) => u.memberSharing === 'unit');
  if (own.length === 0) return null;
  return (
    <Select<string>
      value={params.get('unit') ?? ''}
      onChange={(unit) => setParams(unit ? { unit } : {}, { replace: true })}
      options={[
        { value: '', label: t('loyalty.program.groupScope') },
        ...own.map((u) => ({ value: u.id, label: u.name })),
      ]}
      style={{ width: 200 }}
      data-testid="unit-scope"
    />
  );
}
