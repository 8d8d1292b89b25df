import { Checkbox, DatePicker, Form, Input, InputNumber } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { loyaltyApi, newIdempotencyKey } from '../../../api/loyalty';
import { FormModal } from '../../../components/form-modal';

interface AdjustForm {
  points: number;
  reason: string;
  expiresAt?: Dayjs | null;
  writeOffDebt?: boolean;
}

interface Props {
  memberId: string;
  /** The member's debt: adding points may forgive it instead of paying it. */
  debt: number;
  onAdjusted: () => void;
  onClose: () => void;
}

/** A manual correction of a member's points with a reason; behind points:adjust, audit-logged. */
export function PointsAdjustModal({ memberId, debt, onAdjusted, onClose }: Props) {
  const { t } = useTranslation();
  // One key per opening: a double click or a retry does not adjust twice.
  const key = useMemo(() => newIdempotencyKey(), []);

  const submit = async (v: AdjustForm) => {
    await loyaltyApi.adjust(
      memberId,
      {
        points: v.points,
        reason: v.reason.trim(),
        ...(v.points > 0 && v.expiresAt ? { expiresAt: v.expiresAt.endOf('day').toISOString() } : {}),
        ...(v.writeOffDebt ? { writeOffDebt: true } : {}),
      },
      key,
    );
    onAdjusted();
  };

  return (
    <FormModal<AdjustForm>
      title={t('loyalty.member.adjustTitle')}
      okTestId="adjust-save"
      successMessage={t('loyalty.member.adjusted')}
      onSubmit={submit}
      onClose={onClose}
    >
      {(form) => (
        <>
          <Form.Item
            name="points"
            label={t('loyalty.member.adjustPoints')}
            rules={[
              { required: true },
              {
                validator: (_, v: number | null) =>
                  v === 0 ? Promise.reject(new Error(t('loyalty.member.nonZero'))) : Promise.resolve(),
              },
            ]}
          >
            <InputNumber<number>
              precision={0}
              style={{ width: 200, maxWidth: '100%' }}
              data-testid="adjust-points"
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('loyalty.member.adjustReason')}
            extra={t('loyalty.member.adjustReasonHint')}
            rules={[{ required: true, whitespace: true }, { max: 500 }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} data-testid="adjust-reason" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.points !== b.points}>
            {() =>
              (form.getFieldValue('points') ?? 0) > 0 ? (
                <>
                  <Form.Item
                    name="expiresAt"
                    label={t('loyalty.member.adjustExpires')}
                    extra={t('loyalty.member.adjustExpiresHint')}
                  >
                    <DatePicker style={{ width: 200, maxWidth: '100%' }} />
                  </Form.Item>
                  {debt > 0 ? (
                    <Form.Item name="writeOffDebt" valuePropName="checked">
                      <Checkbox>{t('loyalty.member.writeOffDebt')}</Checkbox>
                    </Form.Item>
                  ) : null}
                </>
              ) : null
            }
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
