import { Button, Drawer, Flex, Grid } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: ReactNode;
  /** Width on screens from `breakpoint` up; below it the drawer takes the whole width (a phone). */
  width: number;
  breakpoint?: 'sm' | 'md';
  saving: boolean;
  saveTestId: string;
  onSave: () => void;
  onClose: () => void;
  children: ReactNode;
}

/** A create/edit form in a drawer with Cancel and Save in its footer; render it only while open. */
export function FormDrawer({
  title,
  width,
  breakpoint = 'sm',
  saving,
  saveTestId,
  onSave,
  onClose,
  children,
}: Props) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      open
      title={title}
      size={screens[breakpoint] ? width : '100%'}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={onSave} data-testid={saveTestId}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {children}
    </Drawer>
  );
}
