import type { Api } from './test-app';

/**
 * The smallest directory a test about one account needs: department S, its account manager E1 and account
 * ACC1 (甲). Each step must succeed.
 */
export async function createAccountWithManager(
  api: Api,
  account: { accountType?: 'multinational' | 'local_enterprise' } = {},
): Promise<{ departmentId: string; managerId: string; accountId: string }> {
  const departmentId = (
    await api.post('/api/departments').send({ code: 'S', nameZh: '销售', nameEn: 'Sales' }).expect(201)
  ).body.id as string;
  const managerId = (
    await api
      .post('/api/people')
      .send({
        employeeNo: 'E1',
        name: 'A',
        email: 'a@example.com',
        function: 'sales',
        title: 'AM',
        departmentId,
      })
      .expect(201)
  ).body.id as string;
  const accountId = (
    await api
      .post('/api/accounts')
      .send({
        code: 'ACC1',
        name: '甲',
        nameEn: 'A',
        accountType: account.accountType ?? 'multinational',
        industry: 'energy',
        region: 'east',
        managerId,
        since: '2020-01-01',
      })
      .expect(201)
  ).body.id as string;
  return { departmentId, managerId, accountId };
}
