import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@keyscore/config';
import { PrefixRoutedExpressAdapter } from '@keyscore/http';
import type { RuntimeOptions } from '@keyscore/runtime';
import { AppModule } from './app.module';

/** Builds and initialises the api (migrations run, demo loaded, routes ready) without listening. */
export async function createApiApp(
  config: AppConfig,
  options: RuntimeOptions,
): Promise<NestExpressApplication> {
  // Routes grouped by path prefix: a request is matched against its group's routes, not all ~130 in turn.
  const adapter = new PrefixRoutedExpressAdapter();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), adapter, {
    bufferLogs: true,
    // Body parsing happens in HttpModule's middleware so its errors get the common error shape.
    bodyParser: false,
    // Close idle keep-alive connections on shutdown instead of waiting for clients to drop them.
    forceCloseConnections: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Security headers (CSP without inline scripts, no sniffing, frame denial…). CORS stays off: same origin only.
  // upgrade-insecure-requests is left out: on-premises installs often serve plain HTTP inside the network.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  await app.init();
  return app;
}
