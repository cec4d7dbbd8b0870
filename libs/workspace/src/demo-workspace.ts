import type { AccountType, PersonFunction, Role } from '@keyscore/persistence';

/**
 * The demo workspace as plain data: deterministic (a seeded generator), so every fresh install shows the
 * same numbers. 3 departments, 12 people, 40 key accounts, and monthly revenue, profit and orders for
 * 2026 Q2–Q3.
 */
export interface DemoPerson {
  employeeNo: string;
  name: string;
  email: string;
  function: PersonFunction;
  title: string;
  department: string;
  manager?: string;
}

export interface DemoAccount {
  code: string;
  name: string;
  nameEn: string;
  accountType: AccountType;
  industry: string;
  region: string;
  since: string;
  manager: string;
  afterSales: string;
  support: string;
  /** Monthly revenue level in CNY. */
  monthlyRevenue: number;
  margin: number;
}

export const DEMO_DEPARTMENTS = [
  { code: 'SALES', nameZh: '大客户销售部', nameEn: 'Key Account Sales' },
  { code: 'SERVICE', nameZh: '售后服务部', nameEn: 'After-sales Service' },
  { code: 'SUPPORT', nameZh: '技术支持部', nameEn: 'Technical Support' },
];

const person = (
  employeeNo: string,
  name: string,
  email: string,
  fn: PersonFunction,
  title: string,
  department: string,
  manager?: string,
): DemoPerson => ({
  employeeNo,
  name,
  email: `${email}@keyscore.example`,
  function: fn,
  title,
  department,
  manager,
});

export const DEMO_PEOPLE: DemoPerson[] = [
  person('E1001', '王建国', 'wang.jianguo', 'sales', '大客户销售总监 / Head of Key Accounts', 'SALES'),
  person('E1002', '李娜', 'li.na', 'sales', '高级客户经理 / Senior Account Manager', 'SALES', 'E1001'),
  person('E1003', '张伟', 'zhang.wei', 'sales', '客户经理 / Account Manager', 'SALES', 'E1001'),
  person('E1004', '刘洋', 'liu.yang', 'sales', '客户经理 / Account Manager', 'SALES', 'E1001'),
  person('E1005', '陈静', 'chen.jing', 'sales', '客户经理 / Account Manager', 'SALES', 'E1001'),
  person(
    'E1006',
    'Daniel Weber',
    'daniel.weber',
    'sales',
    '国际客户经理 / Global Account Manager',
    'SALES',
    'E1001',
  ),
  person('E2001', '赵敏', 'zhao.min', 'after_sales', '售后服务经理 / After-sales Manager', 'SERVICE'),
  person('E2002', '孙磊', 'sun.lei', 'after_sales', '服务工程师 / Service Engineer', 'SERVICE', 'E2001'),
  person('E2003', '周芳', 'zhou.fang', 'after_sales', '服务工程师 / Service Engineer', 'SERVICE', 'E2001'),
  person(
    'E3001',
    '吴强',
    'wu.qiang',
    'technical_support',
    '技术支持经理 / Technical Support Manager',
    'SUPPORT',
  ),
  person(
    'E3002',
    '郑晓东',
    'zheng.xiaodong',
    'technical_support',
    '解决方案工程师 / Solutions Engineer',
    'SUPPORT',
    'E3001',
  ),
  person(
    'E3003',
    'Priya Nair',
    'priya.nair',
    'technical_support',
    '解决方案工程师 / Solutions Engineer',
    'SUPPORT',
    'E3001',
  ),
];

/** Demo sign-ins, all with DEMO_PASSWORD (documented in the README; production runs with DEMO_DATA=false). */
export const DEMO_PASSWORD = 'keyscore-demo';
export const DEMO_USERS: { email: string; displayName: string; role: Role; employeeNo?: string }[] = [
  { email: 'admin@keyscore.example', displayName: '绩效管理员 Admin', role: 'admin' },
  { email: 'wang.jianguo@keyscore.example', displayName: '王建国', role: 'reviewer', employeeNo: 'E1001' },
  { email: 'li.na@keyscore.example', displayName: '李娜', role: 'account_manager', employeeNo: 'E1002' },
  { email: 'zhang.wei@keyscore.example', displayName: '张伟', role: 'account_manager', employeeNo: 'E1003' },
  { email: 'viewer@keyscore.example', displayName: '只读用户 Viewer', role: 'viewer' },
];

const MULTINATIONALS: [string, string, string][] = [
  ['西门子能源（中国）', 'Siemens Energy China', 'energy'],
  ['博世汽车部件', 'Bosch Automotive Parts', 'automotive'],
  ['巴斯夫化工', 'BASF Chemicals', 'chemicals'],
  ['霍尼韦尔自动化', 'Honeywell Automation', 'manufacturing'],
  ['施耐德电气', 'Schneider Electric', 'energy'],
  ['拜耳医药', 'Bayer Healthcare', 'pharma'],
  ['ABB 工业', 'ABB Industrial', 'manufacturing'],
  ['联合利华', 'Unilever', 'retail'],
  ['马士基物流', 'Maersk Logistics', 'logistics'],
  ['恩智浦半导体', 'NXP Semiconductors', 'electronics'],
  ['米其林轮胎', 'Michelin Tyres', 'automotive'],
  ['雀巢食品', 'Nestlé Foods', 'retail'],
  ['阿斯利康', 'AstraZeneca', 'pharma'],
  ['汇丰科技服务', 'HSBC Technology Services', 'finance'],
  ['蒂森克虏伯电梯', 'thyssenkrupp Elevator', 'manufacturing'],
  ['三星电子（苏州）', 'Samsung Electronics Suzhou', 'electronics'],
];

const LOCALS: [string, string, string][] = [
  ['华东重工集团', 'Huadong Heavy Industry Group', 'manufacturing'],
  ['长江汽车', 'Changjiang Motors', 'automotive'],
  ['蓝海能源', 'Lanhai Energy', 'energy'],
  ['国泰医药', 'Guotai Pharmaceutical', 'pharma'],
  ['鼎盛零售', 'Dingsheng Retail', 'retail'],
  ['中联物流', 'Zhonglian Logistics', 'logistics'],
  ['华信电子', 'Huaxin Electronics', 'electronics'],
  ['金桥银行', 'Jinqiao Bank', 'finance'],
  ['川渝钢铁', 'Chuanyu Steel', 'manufacturing'],
  ['南方电网设备', 'Southern Grid Equipment', 'energy'],
  ['恒达建材', 'Hengda Building Materials', 'manufacturing'],
  ['新丝路商贸', 'New Silk Road Trading', 'retail'],
  ['天府制药', 'Tianfu Pharma', 'pharma'],
  ['粤海电子', 'Yuehai Electronics', 'electronics'],
  ['北方客车', 'Beifang Coach', 'automotive'],
  ['明珠物流', 'Mingzhu Logistics', 'logistics'],
  ['泰和保险', 'Taihe Insurance', 'finance'],
  ['青松化工', 'Qingsong Chemicals', 'chemicals'],
  ['海岳食品', 'Haiyue Foods', 'retail'],
  ['星河光伏', 'Xinghe Solar', 'energy'],
  ['云岭矿业', 'Yunling Mining', 'manufacturing'],
  ['东方精密', 'Dongfang Precision', 'electronics'],
  ['汇通汽配', 'Huitong Auto Parts', 'automotive'],
  ['瑞丰农业', 'Ruifeng Agriculture', 'retail'],
];

const REGIONS = ['east', 'north', 'south', 'southwest'];
const MANAGERS = ['E1002', 'E1003', 'E1004', 'E1005', 'E1006'];
const AFTER_SALES = ['E2002', 'E2003'];
const SUPPORT = ['E3002', 'E3003'];

/** Mulberry32: a tiny deterministic generator, so the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoAccounts(): DemoAccount[] {
  const random = seededRandom(2026);
  const build = (list: [string, string, string][], type: AccountType, prefix: string, offset: number) =>
    list.map(([name, nameEn, industry], i): DemoAccount => {
      const n = offset + i;
      return {
        code: `${prefix}${String(i + 1).padStart(3, '0')}`,
        name,
        nameEn,
        accountType: type,
        industry,
        region: REGIONS[n % REGIONS.length]!,
        since: `${2012 + Math.floor(random() * 13)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-01`,
        // Global accounts go to the global account manager and to the seniors first.
        manager: type === 'multinational' ? MANAGERS[i % 2 === 0 ? 4 : i % 4]! : MANAGERS[i % 4]!,
        afterSales: AFTER_SALES[n % 2]!,
        support: SUPPORT[type === 'multinational' ? 1 : n % 2]!,
        monthlyRevenue: Math.round(
          (type === 'multinational' ? 2_500_000 : 1_200_000) * (0.4 + random() * 1.6),
        ),
        margin: 0.08 + random() * 0.17,
      };
    });
  return [
    ...build(MULTINATIONALS, 'multinational', 'MNC', 0),
    ...build(LOCALS, 'local_enterprise', 'LOC', 16),
  ];
}

export const DEMO_MONTHS = ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'];

export interface DemoValue {
  accountCode: string;
  metricKey: 'revenue' | 'profit' | 'orders';
  period: string;
  value: number;
}

/** Monthly values with a trend per account, seasonality and noise; a few accounts decline. */
export function demoMetricValues(accounts: DemoAccount[]): DemoValue[] {
  const random = seededRandom(42);
  const values: DemoValue[] = [];
  for (const account of accounts) {
    const trend = -0.03 + random() * 0.08; // monthly growth from -3% to +5%
    const orderSize = 40_000 + random() * 160_000;
    DEMO_MONTHS.forEach((period, m) => {
      const seasonal = 1 + 0.08 * Math.sin((m + 3) / 2);
      const revenue = Math.round(
        account.monthlyRevenue * (1 + trend) ** m * seasonal * (0.9 + random() * 0.2),
      );
      const profit = Math.round(revenue * account.margin * (0.85 + random() * 0.3));
      const orders = Math.max(1, Math.round(revenue / orderSize));
      values.push(
        { accountCode: account.code, metricKey: 'revenue', period, value: revenue },
        { accountCode: account.code, metricKey: 'profit', period, value: profit },
        { accountCode: account.code, metricKey: 'orders', period, value: orders },
      );
    });
  }
  return values;
}
