import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { LoginRateLimit } from './login-rate-limit';
import { RoutePermissionsCheck } from './route-permissions.check';

/** Users, sessions and API keys; the global guard that makes every route deny by default. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [AuthController],
  providers: [
    AuthRepository,
    AuthService,
    ApiKeysService,
    LoginRateLimit,
    RoutePermissionsCheck,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
