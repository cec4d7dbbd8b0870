import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthService, Permission, Public, readCookie, SESSION_COOKIE, type Principal } from '@keyscore/auth';
import { AppException, NotFoundException, ValidQuery } from '@keyscore/http';
import { pickLocale, type Locale } from '@keyscore/i18n';
import { DASHBOARD_CLIENT_SCRIPT } from './page/dashboard-client';
import { PAGE_TEXTS } from './page/page-texts';
import {
  renderDashboardList,
  renderDashboardPage,
  renderMessagePage,
  renderSignInPage,
} from './page/render-dashboard-page.util';
import { DashboardsService } from './dashboards.service';
import { dashboardDataQuerySchema, type DashboardDataQuery } from './dashboards.schemas';

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

/** ECharts from node_modules, and the page script (the text of one function, see dashboard-client.ts). */
const ASSETS: Record<string, { type: string; file?: string; text?: string }> = {
  'echarts.min.js': { type: JS, file: require.resolve('echarts/dist/echarts.min.js') },
  'dashboard.js': { type: JS, text: DASHBOARD_CLIENT_SCRIPT },
};

/**
 * The dashboard pages, server-rendered. They are public routes that sign the caller in themselves from the
 * page session cookie (`ks_session`, set by POST /api/auth/login): without one they answer a sign-in form
 * instead of a JSON 401, and the script then reads the data API with the same cookie.
 */
@Controller('dashboards')
export class DashboardPagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly dashboards: DashboardsService,
  ) {}

  @Get('assets/:file')
  @Public()
  asset(@Param('file') file: string, @Res() response: Response) {
    const asset = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!asset) throw new NotFoundException({ en: 'File', 'zh-CN': '文件' }, '/params/file');
    response.type(asset.type).setHeader('Cache-Control', 'public, max-age=3600');
    if (asset.file) response.sendFile(asset.file);
    else response.send(asset.text);
  }

  @Get()
  @Public()
  async list(
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Headers('cookie') cookie: string | undefined,
    @Res() response: Response,
  ) {
    const locale = pickLocale(lang, acceptLanguage);
    const principal = await this.signedIn(cookie);
    if (!principal) return this.send(response, 401, renderSignInPage(locale, `/dashboards?lang=${locale}`));
    if (!principal.permissions.has(Permission.ScoresRead))
      return this.send(response, 403, renderMessagePage(locale, PAGE_TEXTS.forbidden[locale]));
    return this.send(response, 200, renderDashboardList(locale, await this.dashboards.list()));
  }

  @Get(':key')
  @Public()
  async page(
    @Param('key') key: string,
    @ValidQuery(dashboardDataQuerySchema) query: DashboardDataQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Headers('cookie') cookie: string | undefined,
    @Res() response: Response,
  ) {
    const locale: Locale = pickLocale(query.lang, acceptLanguage);
    const principal = await this.signedIn(cookie);
    const here = `/dashboards/${encodeURIComponent(key)}?${new URLSearchParams(
      Object.entries(query).map(([k, v]) => [k, String(v)]),
    ).toString()}`;
    if (!principal) return this.send(response, 401, renderSignInPage(locale, here));
    if (!principal.permissions.has(Permission.ScoresRead))
      return this.send(response, 403, renderMessagePage(locale, PAGE_TEXTS.forbidden[locale]));
    try {
      const draft = query.draft ?? false;
      const [definition, choices] = await Promise.all([
        this.dashboards.definition(key, await this.dashboards.versions(), principal, draft),
        this.dashboards.filterOptions(key, principal, draft),
      ]);
      const filters = this.dashboards.filtersOf(definition.document, query);
      const html = renderDashboardPage({
        locale,
        document: definition.document,
        draft: definition.draft,
        filters: { ...filters },
        choices,
        widgets: definition.document.widgets.map((w) => ({
          id: w.id,
          title: w.title,
          type: w.type,
          size: this.dashboards.sizeOf(w),
        })),
      });
      return this.send(response, 200, html);
    } catch (error) {
      if (error instanceof AppException && error.status < 500)
        return this.send(
          response,
          error.status,
          renderMessagePage(locale, error.status === 404 ? PAGE_TEXTS.notFound[locale] : error.text[locale]),
        );
      throw error;
    }
  }

  private signedIn(cookie: string | undefined): Promise<Principal | null> {
    const token = readCookie(cookie, SESSION_COOKIE);
    return token ? this.auth.authenticate(token, 'cookie') : Promise.resolve(null);
  }

  private send(response: Response, status: number, html: string) {
    response.status(status).type(HTML).setHeader('Cache-Control', 'no-store');
    response.send(html);
  }
}
