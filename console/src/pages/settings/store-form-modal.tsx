import { Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { STORE_KINDS, STORE_STATUSES, type Store } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { compact } from '../../components/format';
import { codeRules, nameRules } from '../../components/rules';

export type StoreForm = Pick<
  Store,
  'code' | 'name' | 'kind' | 'businessUnitId' | 'regionId' | 'city' | 'address' | 'status'
>;

interface Option {
  value: string;
  label: string;
}

interface Props {
  store: Partial<Store>;
  businessUnits: Option[];
  regions: Option[];
  onSaved: () => void;
  onClose: () => void;
}

export function StoreFormModal({ store, businessUnits, regions, onSaved, onClose }: Props) {
  const { t } = useTranslation();
  const editingId = store.id;

  const save = async (values: StoreForm) => {
    if (editingId) {
      const { code: _code, ...rest } = values;
      // On edit, null clears an optional link (e.g. the store leaves its region).
      await api.patch(`/stores/${editingId}`, {
        ...rest,
        businessUnitId: rest.businessUnitId ?? null,
        regionId: rest.regionId ?? null,
        city: rest.city || null,
        address: rest.address || null,
      });
    } else {
      await api.post('/stores', compact(values));
    }
    onSaved();
  };

  return (
    <FormModal<StoreForm>
      title={editingId ? t('stores.editTitle') : t('stores.create')}
      initialValues={{ kind: 'physical', status: 'active', ...store }}
      okTestId="store-save"
      onSubmit={save}
      onClose={onClose}
      width={720}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="code" label={t('stores.code')} rules={codeRules(t)}>
            <Input name="code" disabled={Boolean(editingId)} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('stores.name')} rules={nameRules()}>
            <Input name="name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="kind" label={t('stores.kind')} rules={[{ required: true }]}>
            <Select
              options={STORE_KINDS.map((k) => ({ value: k, label: t(`enums.storeKind.${k}`) }))}
              data-testid="store-kind"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="status" label={t('stores.status')} rules={[{ required: true }]}>
            <Select options={STORE_STATUSES.map((s) => ({ value: s, label: t(`enums.storeStatus.${s}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="businessUnitId" label={t('stores.businessUnit')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={businessUnits} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="regionId" label={t('stores.region')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={regions} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="city" label={t('stores.city')} rules={[{ max: 60 }]}>
            <Input name="city" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="address" label={t('stores.address')} rules={[{ max: 200 }]}>
            <Input name="address" />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
