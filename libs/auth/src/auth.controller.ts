import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { ApiOperation, Authenticated, ValidBody } from '@keyscore/http';
import { Inject } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';
import { CurrentPrincipal, Public, RequirePermission } from './auth.decorators';
import { readCookie, SESSION_COOKIE } from './auth.guard';
import {
  createApiKeySchema,
  createUserSchema,
  loginSchema,
  type CreateApiKey,
  type CreateUser,
  type Login,
} from './auth.schemas';
import { AuthService, publicApiKey, publicUser } from './auth.service';
import { Permission } from './permission.constant';
import type { Principal } from './principal';

@Controller('api')
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign in: a bearer token, and the page session cookie / 登录', tags: ['auth'] })
  async login(
    @ValidBody(loginSchema) body: Login,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const session = await this.auth.login(body.email, body.password, request.ip ?? 'unknown');
    response.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.env === 'production',
      path: '/',
      maxAge: this.config.sessionTtlMinutes * 60_000,
    });
    return session;
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'Sign out (revokes the token) / 退出登录', tags: ['auth'] })
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ')
      ? header.slice(7).trim()
      : readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) await this.auth.logout(token);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('auth/me')
  @Authenticated()
  @ApiOperation({ summary: 'Who am I / 当前用户', tags: ['auth'] })
  me(@CurrentPrincipal() principal: Principal) {
    return principal.kind === 'user'
      ? { kind: 'user', user: publicUser(principal.user), permissions: [...principal.permissions] }
      : { kind: 'api_key', key: publicApiKey(principal.key), permissions: [...principal.permissions] };
  }

  @Get('users')
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: 'Users / 用户列表', tags: ['auth'] })
  listUsers() {
    return this.auth.listUsers();
  }

  @Get('users/delegates')
  @RequirePermission(Permission.TasksWork)
  @ApiOperation({ summary: 'Who a task may be delegated to / 可转交的人', tags: ['inbox'] })
  listDelegates() {
    return this.auth.listDelegates();
  }

  @Post('users')
  @HttpCode(201)
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({
    summary: 'Create a user / 新建用户',
    tags: ['auth'],
    responses: { 201: { description: 'Created' } },
  })
  createUser(@ValidBody(createUserSchema) body: CreateUser) {
    return this.auth.createUser(body);
  }

  @Get('api-keys')
  @RequirePermission(Permission.ApiKeysManage)
  @ApiOperation({ summary: 'API keys (never their secrets) / API 密钥列表', tags: ['auth'] })
  listApiKeys() {
    return this.apiKeys.list();
  }

  @Post('api-keys')
  @HttpCode(201)
  @RequirePermission(Permission.ApiKeysManage)
  @ApiOperation({
    summary: 'Create an API key; the secret is shown once / 新建 API 密钥（密钥只显示一次）',
    tags: ['auth'],
    responses: { 201: { description: 'Created, with `secret`' } },
  })
  createApiKey(@ValidBody(createApiKeySchema) body: CreateApiKey, @CurrentPrincipal() principal: Principal) {
    return this.apiKeys.create(body, principal.kind === 'user' ? principal.user.id : principal.key.createdBy);
  }

  @Delete('api-keys/:id')
  @RequirePermission(Permission.ApiKeysManage)
  @ApiOperation({ summary: 'Revoke an API key (effective on its next call) / 吊销 API 密钥', tags: ['auth'] })
  revokeApiKey(@Param('id') id: string) {
    return this.apiKeys.revoke(id);
  }
}
