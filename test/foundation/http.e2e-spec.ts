import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

describe('HTTP boundary: health, OpenAPI, errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /health reports the database and Redis up', async () => {
    const response = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      database: { status: 'up', driver: process.env.DATABASE_URL ? 'postgres' : 'better-sqlite3' },
      redis: { status: 'up' },
    });
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await request(t.app.getHttpServer()).get('/health').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await request(t.app.getHttpServer())
      .get('/health')
      .set('X-Request-Id', 'bad id\twith spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves an OpenAPI 3.1 document whose request schemas are the validating ones', async () => {
    const { body } = await request(t.app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(body.openapi).toBe('3.1.0');
    const create = body.paths['/api/accounts'].post;
    expect(create.requestBody.content['application/json'].schema.required).toContain('accountType');
    expect(create.requestBody.content['application/json'].schema.properties.accountType.enum).toEqual([
      'multinational',
      'local_enterprise',
    ]);
    const list = body.paths['/api/accounts'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['accountType', 'region', 'limit', 'offset']),
    );
    expect(body.paths['/api/accounts/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
    expect(body.paths['/health'].get).toBeDefined();
    expect(body.components.schemas.Error.required).toEqual(['statusCode', 'code', 'message']);
  });

  it('serves the Swagger UI page and its assets', async () => {
    const page = await request(t.app.getHttpServer()).get('/api/docs').expect(200);
    expect(page.text).toContain('/api/docs/init.js');
    const init = await request(t.app.getHttpServer()).get('/api/docs/init.js').expect(200);
    expect(init.text).toContain('/api/docs-json');
    // Security headers: a CSP without inline scripts (hence init.js), no MIME sniffing.
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    await request(t.app.getHttpServer()).get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
    await request(t.app.getHttpServer()).get('/api/docs/assets/..%2Fpackage.json').expect(404);
  });

  it.each([
    ['en', 'No such endpoint: GET /api/nowhere.'],
    ['zh-CN,zh;q=0.9', '接口不存在：GET /api/nowhere。'],
  ])('answers an unknown route with 404 in the caller language (%s)', async (language, message) => {
    const { body } = await request(t.app.getHttpServer())
      .get('/api/nowhere')
      .set('Accept-Language', language)
      .expect(404);
    expect(body).toMatchObject({ statusCode: 404, code: 'route_not_found', message });
    expect(body.requestId).toBeDefined();
  });

  it('answers malformed JSON with 400 and a pointer to the body', async () => {
    const { body } = await request(t.app.getHttpServer())
      .post('/api/departments')
      .set('Content-Type', 'application/json')
      .send('{"code": ')
      .expect(400);
    expect(body).toMatchObject({ code: 'malformed_json', errors: [{ pointer: '/body' }] });
  });

  it('answers a non-JSON body with 415', async () => {
    const { body } = await request(t.app.getHttpServer())
      .post('/api/departments')
      .set('Content-Type', 'text/plain')
      .send('code=X')
      .expect(415);
    expect(body.code).toBe('unsupported_media_type');
  });

  it('answers an oversized body with 413', async () => {
    const huge = JSON.stringify({ code: 'X', nameZh: 'x'.repeat(9 * 1024 * 1024), nameEn: 'x' });
    const { body } = await request(t.app.getHttpServer())
      .post('/api/departments')
      .set('Content-Type', 'application/json')
      .send(huge)
      .expect(413);
    expect(body.code).toBe('payload_too_large');
  });
});
