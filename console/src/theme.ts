import type { ThemeConfig } from 'antd';

/** WeChat green as the brand colour; compact, calm tables. */
export const BRAND_GREEN = '#07c160';

export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_GREEN,
    colorInfo: BRAND_GREEN,
    colorLink: '#05a350',
    borderRadius: 6,
  },
  components: {
    Layout: { headerHeight: 56, headerPadding: '0 16px', bodyBg: '#f5f7f9' },
    Table: { cellPaddingBlockSM: 8 },
  },
};
