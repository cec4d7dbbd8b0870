import { Controller, Get, Headers, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthService, Public, readCookie, SESSION_COOKIE, type Principal } from '@keyscore/auth';
import { NotFoundException } from '@keyscore/http';
import { pickLocale, type Locale } from '@keyscore/i18n';
import { ksClient, type KsUser } from './client/ks-client';
import { matchRoute, pageScriptName, pageScriptText, type ConsolePage } from './console-page';
import { COMMON_TEXTS } from './console-texts';
import { CONSOLE_PAGES } from './console-pages.token';
import { renderConsolePage } from './render-console-page.util';

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

/**
 * The web console: server-rendered frames under /console whose page scripts draw from the JSON API with
 * the session cookie. The routes are public so a missing session leads to the sign-in page instead of a
 * JSON 401; each page then checks the permission it declares, and the API checks every call again.
 */
@Controller('console')
export class ConsolePagesController {
  private readonly assets = new Map<string, string>();

  constructor(
    private readonly auth: AuthService,
    @Inject(CONSOLE_PAGES) private readonly pages: readonly ConsolePage[],
  ) {
    this.assets.set('console.js', `"use strict";\n(${ksClient.toString()})();\n`);
    for (const page of pages) this.assets.set(pageScriptName(page), pageScriptText(page));
  }

  @Get('assets/:file')
  @Public()
  asset(@Param('file') file: string, @Res() response: Response) {
    const text = this.assets.get(file);
    if (text === undefined) throw new NotFoundException({ en: 'File', 'zh-CN': '文件' }, '/params/file');
    response.type(JS).setHeader('Cache-Control', 'no-cache');
    response.send(text);
  }

  @Get()
  @Public()
  home(
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    return this.serve([''], pickLocale(lang, acceptLanguage), request, response);
  }

  @Get(':first')
  @Public()
  one(
    @Param('first') first: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    return this.serve([first], pickLocale(lang, acceptLanguage), request, response);
  }

  @Get(':first/:second')
  @Public()
  two(
    @Param('first') first: string,
    @Param('second') second: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    return this.serve([first, second], pickLocale(lang, acceptLanguage), request, response);
  }

  private async serve(segments: string[], locale: Locale, request: Request, response: Response) {
    const here = request.originalUrl;
    const principal = await this.signedIn(request.headers.cookie);
    const user = principal?.kind === 'user' ? toUser(principal) : null;
    const found = this.find(segments);
    const nav = user ? this.pages.filter((p) => p.nav && may(p, principal)) : [];
    const frame = { locale, here, user, nav, scriptName: '' };
    if (!found) {
      const page = this.find([''])!.page;
      const html = renderConsolePage({ ...frame, page, params: {}, message: COMMON_TEXTS.notFound[locale] });
      return send(response, 404, html);
    }
    const { page, params } = found;
    if (page.permission !== 'public' && !user) {
      const next = encodeURIComponent(here);
      return response.redirect(303, `/console/sign-in?lang=${locale}&next=${next}`);
    }
    if (!may(page, principal)) {
      const html = renderConsolePage({ ...frame, page, params, message: COMMON_TEXTS.forbidden[locale] });
      return send(response, 403, html);
    }
    const query = Object.fromEntries(
      Object.entries(request.query).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const html = renderConsolePage({
      ...frame,
      page,
      params: { ...query, ...params },
      scriptName: pageScriptName(page),
    });
    return send(response, 200, html);
  }

  private find(segments: string[]): { page: ConsolePage; params: Record<string, string> } | null {
    const wanted = segments.filter(Boolean);
    for (const page of this.pages) {
      const params = matchRoute(page.path, wanted.length ? wanted : ['']);
      if (params) return { page, params };
    }
    return null;
  }

  private signedIn(cookie: string | undefined): Promise<Principal | null> {
    const token = readCookie(cookie, SESSION_COOKIE);
    return token ? this.auth.authenticate(token, 'cookie') : Promise.resolve(null);
  }
}

function may(page: ConsolePage, principal: Principal | null): boolean {
  if (page.permission === 'public') return true;
  if (!principal || principal.kind !== 'user') return false;
  return page.permission === null || principal.permissions.has(page.permission);
}

function toUser(principal: Extract<Principal, { kind: 'user' }>): KsUser {
  const { id, displayName, email, role, personId } = principal.user;
  return { id, displayName, email, role, personId, permissions: [...principal.permissions] };
}

function send(response: Response, status: number, html: string) {
  response.status(status).type(HTML).setHeader('Cache-Control', 'no-store');
  response.send(html);
}
