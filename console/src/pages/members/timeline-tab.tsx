import { Button, Empty, Flex, Skeleton, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { TimelineItem } from '../../api/orders';
import { useCurrency } from '../../hooks/use-currency';
import { useNames } from '../../hooks/use-names';
import { TimelineOrder, TimelineRefund } from './timeline-entry';

const PAGE = 20;

/** The member's orders and refunds from every channel, newest first, 20 at a time. */
export function TimelineTab({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const currency = useCurrency();
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [loading, setLoading] = useState(true);
  const [more, setMore] = useState(false);
  const storeName = useNames(
    'stores',
    items.map((i) => (i.type === 'order' ? i.order.storeId : null)),
  );

  const load = useCallback(
    (offset: number) => {
      setLoading(true);
      api
        .get<{ items: TimelineItem[] }>(`/members/${memberId}/orders`, { limit: PAGE, offset })
        .then((res) => {
          setItems((prev) => (offset === 0 ? res.items : [...prev, ...res.items]));
          // The endpoint has no total: a full page means there may be more.
          setMore(res.items.length === PAGE);
        })
        .catch(onError)
        .finally(() => setLoading(false));
    },
    [memberId, onError],
  );
  useEffect(() => load(0), [load]);

  if (loading && items.length === 0) return <Skeleton active />;
  if (items.length === 0) return <Empty description={t('members.timeline.empty')} />;

  return (
    <div data-testid="member-timeline">
      <Timeline
        items={items.map((item, i) =>
          item.type === 'order'
            ? {
                key: `o-${item.order.id}`,
                color: item.order.status === 'cancelled' ? 'gray' : 'blue',
                content: (
                  <TimelineOrder
                    order={item.order}
                    storeName={storeName(item.order.storeId)}
                    currency={currency}
                  />
                ),
              }
            : {
                key: `r-${item.refund.id}-${i}`,
                color: 'red',
                content: <TimelineRefund refund={item.refund} orderId={item.orderId} currency={currency} />,
              },
        )}
      />
      {more ? (
        <Flex justify="center">
          <Button loading={loading} onClick={() => load(items.length)}>
            {t('members.timeline.loadMore')}
          </Button>
        </Flex>
      ) : null}
    </div>
  );
}
