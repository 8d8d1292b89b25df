import { App, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { type CouponTemplate, couponsApi, type TemplateStatus } from '../../api/coupons';
import { useErrorHandler } from '../../api/errors';

interface Props {
  template: CouponTemplate;
  onChanged: (template: CouponTemplate | null) => void;
  /** Links in a table row, buttons on the detail page. */
  compact?: boolean;
}

/** The status moves a template allows now: activate, pause, end, or delete a draft. */
export function TemplateStatusActions({ template, onChanged, compact = false }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const look = compact ? ({ type: 'link', size: 'small' } as const) : ({} as const);

  const move = async (status: TemplateStatus) => {
    try {
      onChanged(await couponsApi.update(template.id, { status }));
      void message.success(t('loyalty.coupons.statusChanged'));
    } catch (err) {
      onError(err);
    }
  };
  const remove = async () => {
    try {
      await couponsApi.remove(template.id);
      void message.success(t('common.deleted'));
      onChanged(null);
    } catch (err) {
      onError(err);
    }
  };

  const s = template.status;
  return (
    <>
      {s === 'draft' || s === 'paused' ? (
        <Button {...look} onClick={() => void move('active')} data-testid="template-activate-action">
          {t('loyalty.coupons.activate')}
        </Button>
      ) : null}
      {s === 'active' ? (
        <Button {...look} onClick={() => void move('paused')}>
          {t('loyalty.coupons.pause')}
        </Button>
      ) : null}
      {s !== 'ended' && s !== 'draft' ? (
        <Popconfirm title={t('loyalty.coupons.endConfirm')} onConfirm={() => move('ended')}>
          <Button {...look} danger>
            {t('loyalty.coupons.end')}
          </Button>
        </Popconfirm>
      ) : null}
      {s === 'draft' ? (
        <Popconfirm title={t('loyalty.coupons.deleteConfirm')} onConfirm={() => remove()}>
          <Button {...look} danger>
            {t('common.delete')}
          </Button>
        </Popconfirm>
      ) : null}
    </>
  );
}
