// The demo brands' products: an optical chain and a tea house. Prices in cents.
export interface DemoProduct {
  sku: string;
  name: string;
  category: string;
  brand: string;
  priceCents: number;
}

const optical: [string, string, number][] = [
  ['镜架/金属框', '钛合金全框镜架', 89_900],
  ['镜架/金属框', '纯钛半框镜架', 129_900],
  ['镜架/板材框', '板材复古圆框', 69_900],
  ['镜架/板材框', '板材方框', 59_900],
  ['镜架/儿童框', '儿童TR90镜架', 39_900],
  ['镜片/单光', '1.60 防蓝光镜片', 49_900],
  ['镜片/单光', '1.67 超薄镜片', 79_900],
  ['镜片/单光', '1.74 超薄镜片', 129_900],
  ['镜片/渐进', '渐进多焦点镜片', 259_900],
  ['镜片/离焦', '儿童离焦控制镜片', 199_900],
  ['太阳镜/偏光', '偏光太阳镜', 79_900],
  ['太阳镜/时尚', '时尚大框太阳镜', 59_900],
  ['隐形眼镜/日抛', '日抛隐形眼镜 30片', 16_900],
  ['隐形眼镜/月抛', '月抛隐形眼镜 6片', 19_900],
  ['隐形眼镜/彩片', '日抛彩色隐形 10片', 9_900],
  ['护理/护理液', '多功能护理液 360ml', 6_900],
  ['护理/配件', '镜布镜盒套装', 2_900],
  ['服务/验光', '专业验光服务', 0],
];

const tea: [string, string, number][] = [
  ['饮品/奶茶', '招牌珍珠奶茶', 1_800],
  ['饮品/奶茶', '芝士茉莉奶绿', 2_200],
  ['饮品/果茶', '满杯鲜橙', 2_000],
  ['饮品/果茶', '霸气葡萄', 2_600],
  ['饮品/纯茶', '手冲铁观音', 1_600],
  ['饮品/纯茶', '冷泡乌龙', 1_500],
  ['烘焙/面包', '肉松小贝', 1_200],
  ['烘焙/蛋糕', '抹茶千层', 3_200],
  ['茶叶/礼盒', '龙井礼盒 250g', 39_800],
  ['周边/杯具', '品牌随行杯', 8_900],
];

export const demoProducts: { optical: DemoProduct[]; tea: DemoProduct[] } = {
  optical: optical.map(([category, name, priceCents], i) => ({
    sku: `OPT-${String(i + 1).padStart(3, '0')}`,
    name,
    category,
    brand: '明眸',
    priceCents,
  })),
  tea: tea.map(([category, name, priceCents], i) => ({
    sku: `TEA-${String(i + 1).padStart(3, '0')}`,
    name,
    category,
    brand: '茶语',
    priceCents,
  })),
};
