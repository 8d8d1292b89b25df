import { Menu, type MenuProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { activeKeys, isGroup, NAV, type NavLeaf } from './nav-items';

interface Props {
  collapsed?: boolean;
  onNavigate?: () => void;
}

export function NavMenu({ collapsed = false, onNavigate }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { selected, open } = activeKeys(pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(open);
  const openKey = open.join(',');

  // Follow navigation that happens outside the menu (links, redirects).
  useEffect(() => {
    if (openKey) setOpenKeys((keys) => Array.from(new Set([...keys, ...openKey.split(',')])));
  }, [openKey]);

  const paths = new Map<string, string>();
  const leaf = (l: NavLeaf) => {
    paths.set(l.key, l.path);
    return { key: l.key, icon: l.icon, label: t(`nav.${l.label}`) };
  };
  const items: MenuProps['items'] = NAV.map((entry) =>
    isGroup(entry)
      ? {
          key: entry.key,
          icon: entry.icon,
          label: t(`nav.${entry.label}`),
          children: entry.children.map(leaf),
        }
      : leaf(entry),
  );

  return (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={selected}
      {...(collapsed ? {} : { openKeys, onOpenChange: setOpenKeys })}
      onClick={({ key }) => {
        const path = paths.get(key);
        if (path) navigate(path);
        onNavigate?.();
      }}
    />
  );
}
