import { Col, DatePicker, Form, Input, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { GENDERS, type Gender } from '../../api/members';
import { StoreSelect } from '../../components/store-select';

/** The profile form's values; birthday as a date picker value. */
export interface ProfileForm {
  name?: string;
  gender?: Gender;
  birthday?: Dayjs | null;
  city?: string;
  homeStoreId?: string;
  email?: string;
  phone?: string;
}

/** Name, phone, gender, birthday, city, e-mail and home store, as the server validates them. */
export function ProfileFields({ phonePlaceholder }: { phonePlaceholder?: string }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        <Form.Item name="name" label={t('members.name')} rules={[{ whitespace: true }, { max: 60 }]}>
          <Input name="name" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name="phone"
          label={t('members.phone')}
          rules={[{ max: 30 }, { pattern: /^\s*\+?[\d\s-]{5,}\s*$/, message: t('members.phoneInvalid') }]}
        >
          <Input name="phone" inputMode="tel" placeholder={phonePlaceholder} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="gender" label={t('members.gender')}>
          <Select allowClear options={GENDERS.map((g) => ({ value: g, label: t(`members.genders.${g}`) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="birthday" label={t('members.birthday')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="city" label={t('members.city')} rules={[{ max: 60 }]}>
          <Input name="city" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="email" label={t('members.email')} rules={[{ type: 'email' }, { max: 200 }]}>
          <Input name="email" inputMode="email" />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name="homeStoreId" label={t('members.homeStore')}>
          <StoreSelect />
        </Form.Item>
      </Col>
    </Row>
  );
}
