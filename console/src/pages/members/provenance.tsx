import { Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Provenance } from '../../api/members';
import { formatTime } from '../../components/format';
import { channelLabel } from '../orders/channel-tag';

const KNOWN_SOURCES = ['console', 'api', 'wechat', 'wecom', 'import', 'merge', 'system'] as const;
type KnownSource = (typeof KNOWN_SOURCES)[number];
const isKnown = (s: string): s is KnownSource => (KNOWN_SOURCES as readonly string[]).includes(s);

/** Where a value came from: a known source translated, an order channel by its name, else as stored. */
export function sourceLabel(t: TFunction, source: string): string {
  if (isKnown(source)) return t(`members.sources.${source}`);
  return channelLabel(t, source);
}

/** "wecom · 2026-03-01", with the full time in a tooltip. */
export function ProvenanceNote({ provenance }: { provenance: Provenance | undefined }) {
  const { t } = useTranslation();
  if (!provenance) return null;
  const source = sourceLabel(t, provenance.source);
  return (
    <Tooltip title={t('members.provenance', { source, at: formatTime(provenance.at) })}>
      <Typography.Text
        type="secondary"
        style={{ fontSize: 12, whiteSpace: 'nowrap' }}
        data-testid="provenance"
      >
        {source} · {formatTime(provenance.at).slice(0, 10)}
      </Typography.Text>
    </Tooltip>
  );
}
