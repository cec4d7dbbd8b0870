import 'reflect-metadata';
import { Body, Controller, Delete, Get, Head, HttpCode, Module, Param, Post, Put } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import request from 'supertest';
import { PrefixRoutedExpressAdapter } from './prefix-routed-express.adapter';

@Controller('api/items')
class ItemsController {
  @Get()
  list() {
    return { from: 'items.list' };
  }

  @Get('special')
  special() {
    return { from: 'items.special' };
  }

  @Get(':id')
  one(@Param('id') id: string) {
    return { from: 'items.one', id };
  }

  @Put(':id')
  put(@Param('id') id: string, @Body() body: unknown) {
    return { from: 'items.put', id, body };
  }

  @Delete(':id')
  @HttpCode(204)
  remove() {}
}

/** Registered after the items: its first segment is a parameter, so it also answers /api/… paths. */
@Controller()
class LocalisedController {
  @Get(':lang/items')
  items(@Param('lang') lang: string) {
    return { from: 'localised.items', lang };
  }

  @Post(':lang/items')
  create(@Param('lang') lang: string) {
    return { from: 'localised.create', lang };
  }

  @Get(':lang/items/:id')
  item(@Param('lang') lang: string, @Param('id') id: string) {
    return { from: 'localised.item', lang, id };
  }
}

/** Registered last: routes under /api/items again, after a route that overlaps them. */
@Controller('api')
class LateController {
  /** Never answers: POST /api/items goes to the parameter route registered before it, as in Express. */
  @Post('items')
  shadowed() {
    return { from: 'late.shadowed' };
  }

  @Get('items/late/:x')
  late(@Param('x') x: string) {
    return { from: 'late', x };
  }

  /** "/api/:name": its bucket is "/api", beside "/api/orders" in the same layer; it is tried first. */
  @Get(':name')
  named(@Param('name') name: string) {
    return { from: 'late.named', name };
  }

  /** Never answers GET /api/orders: "/api/:name" was registered before it. */
  @Get('orders')
  orders() {
    return { from: 'orders.list' };
  }

  @Post('orders')
  order(@Body() body: unknown) {
    return { from: 'orders.create', body };
  }

  @Head('orders')
  head() {}
}

@Controller('health')
class HealthController {
  @Get()
  health() {
    return { from: 'health' };
  }
}

@Module({ controllers: [ItemsController, LocalisedController, LateController, HealthController] })
class RoutesModule {}

async function start(adapter: ExpressAdapter): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(RoutesModule, adapter, { logger: false });
  await app.init();
  return app;
}

const REQUESTS: [method: 'get' | 'post' | 'put' | 'delete' | 'head' | 'options', path: string][] = [
  ['get', '/api/items'],
  ['get', '/api/items/'],
  ['get', '/api/items/special'],
  ['get', '/api/items/7'],
  ['get', '/API/Items/7'],
  ['get', '/api/items/7/'],
  ['put', '/api/items/7'],
  ['delete', '/api/items/7'],
  ['post', '/api/items/7'],
  ['post', '/api/items'],
  ['get', '/api/items/late/x'],
  ['get', '/en/items'],
  ['get', '/en/items/3'],
  ['get', '/api/orders'],
  ['post', '/api/orders'],
  ['head', '/api/orders'],
  ['head', '/api/items/7'],
  ['options', '/api/items/7'],
  ['get', '/health'],
  ['get', '/health/'],
  ['get', '/healthz'],
  ['get', '/api/itemsx/1'],
  ['get', '/api'],
  ['get', '/api/other'],
  ['get', '/api/orders/'],
  ['get', '/'],
];

describe('PrefixRoutedExpressAdapter', () => {
  let plain: NestExpressApplication;
  let routed: NestExpressApplication;
  let adapter: PrefixRoutedExpressAdapter;

  beforeAll(async () => {
    plain = await start(new ExpressAdapter());
    adapter = new PrefixRoutedExpressAdapter();
    routed = await start(adapter);
  });

  afterAll(async () => {
    await plain.close();
    await routed.close();
  });

  it.each(REQUESTS)('%s %s answers as plain Express routing does', async (method, path) => {
    const send = (app: NestExpressApplication) => {
      const call = request(app.getHttpServer())[method](path);
      return method === 'put' || method === 'post' ? call.send({ n: 1 }) : call;
    };
    const [expected, actual] = await Promise.all([send(plain), send(routed)]);
    expect({ status: actual.status, body: actual.body as unknown }).toEqual({
      status: expected.status,
      body: expected.body as unknown,
    });
  });

  it('keeps the registration order where a parameter route overlaps a prefix', async () => {
    // POST /api/items: the parameter route (lang = "api") was registered before LateController.shadowed, so
    // it wins although the items' prefix group was opened earlier; GET routes registered first still win.
    await request(routed.getHttpServer())
      .post('/api/items')
      .expect(201, { from: 'localised.create', lang: 'api' });
    await request(routed.getHttpServer()).get('/api/items').expect(200, { from: 'items.list' });
    await request(routed.getHttpServer()).get('/api/items/7').expect(200, { from: 'items.one', id: '7' });
    await request(routed.getHttpServer())
      .get('/api/orders')
      .expect(200, { from: 'late.named', name: 'orders' });
    await request(routed.getHttpServer()).get('/api/items/late/x').expect(200, { from: 'late', x: 'x' });
    await request(routed.getHttpServer())
      .get('/en/items/3')
      .expect(200, { from: 'localised.item', lang: 'en', id: '3' });
  });

  it('puts the routes of a prefix behind one layer', () => {
    const plainLayers = (plain.getHttpAdapter().getInstance() as { router: { stack: unknown[] } }).router
      .stack.length;
    expect(adapter.layerCount()).toBeLessThan(plainLayers);
  });
});

/** Routes registered on the adapters directly, as Express allows but Nest's controllers never do. */
describe('PrefixRoutedExpressAdapter, routes registered directly', () => {
  type Register = (adapter: ExpressAdapter) => void;
  const answer = (tag: string) => (_req: unknown, res: { json: (b: unknown) => void }) => res.json({ tag });
  const notFound = (_req: unknown, res: { status: (s: number) => { json: (b: unknown) => void } }) =>
    res.status(404).json({ notFound: true });
  async function compare(register: Register, path: string) {
    const plainAdapter = new ExpressAdapter();
    const routedAdapter = new PrefixRoutedExpressAdapter();
    for (const a of [plainAdapter, routedAdapter]) {
      register(a);
      a.use(notFound);
    }
    const [expected, actual] = await Promise.all([
      request(plainAdapter.getInstance()).get(path),
      request(routedAdapter.getInstance()).get(path),
    ]);
    expect({ status: actual.status, text: actual.text }).toEqual({
      status: expected.status,
      text: expected.text,
    });
  }

  it('a RegExp route keeps its place before a later literal route of an open prefix group', () =>
    compare((a) => {
      a.get('/api/items/a', answer('a'));
      a.get(/^\/api\/items\/special$/ as unknown as string, answer('regexp'));
      a.get('/api/items/special', answer('late literal'));
    }, '/api/items/special'));

  it('an array-path route keeps its place before a later literal route of an open prefix group', () =>
    compare((a) => {
      a.get('/api/orders/x', answer('orders.x'));
      a.get(['/api/:name'] as unknown as string, answer('array'));
      a.get('/api/orders', answer('late literal'));
    }, '/api/orders'));

  it('next("router") leaves the application router, as in Express', () =>
    compare((a) => {
      const leave: RequestHandler = (_req, _res, next) => next('router');
      a.get('/api/items', leave as never);
      a.get('/api/items', answer('after next("router")'));
      a.get('/:lang/items', answer('a later route, outside the prefix group'));
    }, '/api/items'));
});
