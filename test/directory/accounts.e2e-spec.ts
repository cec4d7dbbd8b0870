import { startTestApp, type Api, type TestApp } from '../support/test-app';

describe('key accounts, people and departments', () => {
  let t: TestApp;
  let http: Api;
  let departmentId: string;
  let managerId: string;
  let engineerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    http = t.api;
    departmentId = (
      await http
        .post('/api/departments')
        .send({ code: 'SALES', nameZh: '销售部', nameEn: 'Sales' })
        .expect(201)
    ).body.id;
    managerId = (
      await http
        .post('/api/people')
        .send({
          employeeNo: 'E1',
          name: '李娜',
          email: 'li.na@example.com',
          function: 'sales',
          title: 'AM',
          departmentId,
        })
        .expect(201)
    ).body.id;
    engineerId = (
      await http
        .post('/api/people')
        .send({
          employeeNo: 'E2',
          name: '孙磊',
          email: 'sun.lei@example.com',
          function: 'after_sales',
          title: 'SE',
          departmentId,
          managerId,
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const account = (over: Record<string, unknown> = {}) => ({
    code: 'MNC001',
    name: '博世汽车部件',
    nameEn: 'Bosch Automotive Parts',
    accountType: 'multinational',
    industry: 'automotive',
    region: 'east',
    managerId,
    since: '2018-03-01',
    ...over,
  });

  it('creates an account with its team and reads it back', async () => {
    const created = await http
      .post('/api/accounts')
      .send(
        account({
          team: [
            { personId: managerId, function: 'sales' },
            { personId: engineerId, function: 'after_sales' },
          ],
        }),
      )
      .expect(201);
    const { body } = await http.get(`/api/accounts/${created.body.id}`).expect(200);
    expect(body).toMatchObject({
      code: 'MNC001',
      name: '博世汽车部件',
      accountType: 'multinational',
      version: 1,
    });
    expect(body.team).toEqual(
      expect.arrayContaining([
        { personId: managerId, function: 'sales' },
        { personId: engineerId, function: 'after_sales' },
      ]),
    );
  });

  it('answers every invalid field at once with pointers, in Chinese when asked', async () => {
    const { body } = await http
      .post('/api/accounts')
      .set('Accept-Language', 'zh-CN')
      .send(
        account({ code: 'LOC 1', accountType: 'startup', since: 'yesterday', extra: true, name: undefined }),
      )
      .expect(422);
    expect(body.code).toBe('validation_failed');
    expect(body.message).toBe('请求内容不符合要求。');
    const pointers = body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining(['/body/name', '/body/code', '/body/accountType', '/body/since', '/body/extra']),
    );
    expect(body.errors.find((e: { pointer: string }) => e.pointer === '/body/name').message).toMatch(
      /应当有必需属性/,
    );
  });

  it('answers in English by default', async () => {
    const { body } = await http
      .post('/api/accounts')
      .send(account({ accountType: 'startup' }))
      .expect(422);
    expect(body.message).toBe('The request is not valid.');
    expect(body.errors).toEqual([
      { pointer: '/body/accountType', message: 'must be equal to one of the allowed values' },
    ]);
  });

  it('refuses a duplicate code with 409 and writes nothing', async () => {
    const { body } = await http
      .post('/api/accounts')
      .send(account({ name: '另一个' }))
      .expect(409);
    expect(body).toMatchObject({ code: 'directory.duplicate_code', errors: [{ pointer: '/body/code' }] });
    const list = await http.get('/api/accounts').expect(200);
    expect(list.body.total).toBe(1);
  });

  it('refuses an unknown team member with 422 at its pointer and writes neither account nor team', async () => {
    const { body } = await http
      .post('/api/accounts')
      .send(
        account({
          code: 'LOC002',
          team: [{ personId: '00000000-0000-4000-8000-000000000000', function: 'sales' }],
        }),
      )
      .expect(422);
    expect(body.errors[0].pointer).toBe('/body/team/0/personId');
    await http
      .get('/api/accounts?region=east')
      .expect(200)
      .expect((r) => expect(r.body.total).toBe(1));
  });

  it('refuses a duplicate email with 409', async () => {
    const { body } = await http
      .post('/api/people')
      .send({
        employeeNo: 'E9',
        name: 'x',
        email: 'li.na@example.com',
        function: 'sales',
        title: 'AM',
        departmentId,
      })
      .expect(409);
    expect(body.errors[0].pointer).toBe('/body/email');
  });

  it('filters and pages the account list; validates the query', async () => {
    for (const [code, region, accountType] of [
      ['LOC010', 'north', 'local_enterprise'],
      ['LOC011', 'north', 'local_enterprise'],
      ['LOC012', 'south', 'local_enterprise'],
    ]) {
      await http.post('/api/accounts').send(account({ code, region, accountType })).expect(201);
    }
    const north = await http.get('/api/accounts?region=north&limit=1').expect(200);
    expect(north.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(north.body.items.map((a: { code: string }) => a.code)).toEqual(['LOC010']);
    const page2 = await http.get('/api/accounts?region=north&limit=1&offset=1').expect(200);
    expect(page2.body.items.map((a: { code: string }) => a.code)).toEqual(['LOC011']);
    const local = await http.get('/api/accounts?accountType=local_enterprise').expect(200);
    expect(local.body.total).toBe(3);
    const bad = await http.get('/api/accounts?limit=abc&accountType=x').expect(422);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/query/accountType',
      '/query/limit',
    ]);
  });

  it('answers an unknown account with 404 in both languages', async () => {
    const en = await http.get('/api/accounts/nope').expect(404);
    expect(en.body.message).toBe('Account not found.');
    const zh = await http.get('/api/accounts/nope?lang=zh-CN').expect(404);
    expect(zh.body.message).toBe('未找到客户。');
  });
});

describe('concurrent creates of one code', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lets exactly one win; the others get 409, never 500', async () => {
    const http = t.api;
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () =>
        http
          .post('/api/departments')
          .send({ code: 'SAME', nameZh: '同一部门', nameEn: 'Same' })
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
  });
});
