import { CreditCardOutlined, GiftOutlined, RightOutlined, TagOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { api, type ShelfItem, type Tier } from '../api';
import { Screen } from '../components/screen';
import { Failed, Loading, Nothing } from '../components/state';
import { points, yuan } from '../format';
import { type T, useI18n } from '../i18n';
import { useLoad } from '../use-load';

export function ItemPicture({ item }: { item: ShelfItem }) {
  if (item.images[0]) return <img className="h5-item-img" src={item.images[0]} alt="" loading="lazy" />;
  const Icon =
    item.kind === 'coupon'
      ? TagOutlined
      : item.kind === 'partner_benefit'
        ? CreditCardOutlined
        : GiftOutlined;
  return (
    <div className={`h5-item-img h5-item-${item.kind}`} aria-hidden>
      <Icon />
    </div>
  );
}

/** "200 pts + ¥9.90" */
export function priceText(
  item: Pick<ShelfItem, 'points' | 'cashCents'>,
  qty: number,
  t: T,
  lang: 'zh-CN' | 'en',
) {
  const p = t('mall.points', { points: points(item.points * qty, lang) });
  return item.cashCents > 0 ? `${p} ${t('mall.plusCash', { amount: yuan(item.cashCents * qty, lang) })}` : p;
}

export function lockText(item: ShelfItem, tier: Tier | undefined, t: T): string {
  const name = tier?.tiers.find((x) => x.rank === item.minTierRank)?.name;
  return name ? t('mall.locked', { tier: name }) : t('mall.lockedGeneric');
}

export function MallPage() {
  const { t, lang } = useI18n();
  const res = useLoad(() => Promise.all([api.shelf(), api.points(), api.tier()]));
  const [shelf, pts, tier] = res.data ?? [];
  // What this member can take first, then what a higher tier unlocks.
  const items = [...(shelf?.items ?? [])].sort((a, b) => Number(b.eligible) - Number(a.eligible));
  return (
    <Screen title={t('mall.title')} tabs>
      {!res.data ? (
        res.error ? (
          <Failed error={res.error} retry={res.reload} />
        ) : (
          <Loading />
        )
      ) : (
        <>
          <div className="h5-mall-head">
            <span data-testid="mall-points">
              {t('mall.yourPoints', { points: points(pts!.available, lang) })}
            </span>
            <Link to="/exchanges">
              {t('mall.myExchanges')} <RightOutlined />
            </Link>
          </div>
          {items.length === 0 ? (
            <Nothing text={t('mall.empty')} />
          ) : (
            <ul className="h5-grid" data-testid="mall-items">
              {items.map((i) => (
                <li key={i.id} className={!i.eligible || i.soldOut ? 'dim' : ''}>
                  <Link to={`/mall/${i.id}`} className="h5-item" data-testid="mall-item">
                    <ItemPicture item={i} />
                    <div className="h5-item-name">{i.name}</div>
                    <div className="h5-item-price">{priceText(i, 1, t, lang)}</div>
                    <div className="h5-item-badges">
                      {i.soldOut && <span className="h5-tag grey">{t('mall.soldOut')}</span>}
                      {!i.eligible && <span className="h5-tag gold">{lockText(i, tier, t)}</span>}
                      {i.eligible && !i.soldOut && i.stockLeft !== null && i.stockLeft <= 20 && (
                        <span className="h5-tag">{t('mall.left', { n: i.stockLeft })}</span>
                      )}
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Screen>
  );
}
