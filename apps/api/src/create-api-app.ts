import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { AppConfig } from '@keyscore/config';
import { AppLogger } from '@keyscore/http';
import type { RuntimeOptions } from '@keyscore/runtime';
import { AppModule } from './app.module';

/** Builds and initialises the api (migrations run, demo loaded, routes ready) without listening. */
export async function createApiApp(
  config: AppConfig,
  options: RuntimeOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bufferLogs: true,
    // Body parsing happens in HttpModule's middleware so its errors get the common error shape.
    bodyParser: false,
    // Close idle keep-alive connections on shutdown instead of waiting for clients to drop them.
    forceCloseConnections: true,
  });
  app.useLogger(app.get(AppLogger));
  app.disable('x-powered-by');
  // Security headers (CSP without inline scripts, no sniffing, frame denial…). CORS stays off: same origin only.
  // upgrade-insecure-requests is left out: on-premises installs often serve plain HTTP inside the network.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  await app.init();
  return app;
}
