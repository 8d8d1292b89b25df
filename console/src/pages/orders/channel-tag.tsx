import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CHANNELS, type KnownChannel } from '../../api/orders';

const COLOURS: Record<KnownChannel, string> = {
  store_pos: 'blue',
  brand_mall: 'purple',
  wechat_mall: 'green',
  points_mall: 'gold',
  distribution_mall: 'magenta',
  livestream: 'volcano',
};

const isKnown = (c: string): c is KnownChannel => (CHANNELS as readonly string[]).includes(c);

/** A channel's name: translated when known, "Marketplace · tmall" for marketplaces, else as stored. */
export function channelLabel(t: TFunction, channel: string | null | undefined): string {
  if (!channel) return '';
  if (isKnown(channel)) return t(`orders.channel.${channel}`);
  if (channel.startsWith('marketplace:')) return `${t('orders.channel.marketplace')} · ${channel.slice(12)}`;
  return channel;
}

/** A channel as a coloured tag; `label` overrides the name (join channels may be any source). */
export function ChannelTag({ channel, label }: { channel: string | null | undefined; label?: string }) {
  const { t } = useTranslation();
  if (!channel) return null;
  const colour = isKnown(channel)
    ? COLOURS[channel]
    : channel.startsWith('marketplace:')
      ? 'cyan'
      : 'default';
  return (
    <Tag color={colour} style={{ marginInlineEnd: 0 }}>
      {label ?? channelLabel(t, channel)}
    </Tag>
  );
}
