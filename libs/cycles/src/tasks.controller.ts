import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, RequestLocale, ValidBody } from '@keyscore/http';
import type { Locale } from '@keyscore/i18n';
import {
  completeTaskSchema,
  delegateTaskSchema,
  type CompleteTask,
  type DelegateTask,
} from './cycles.schemas';
import { NotificationsService } from './notifications.service';
import { TasksService } from './tasks.service';

@Controller('api')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly notifications: NotificationsService,
  ) {}

  @Get('inbox')
  @RequirePermission(Permission.TasksWork)
  @ApiOperation({ summary: 'My open tasks with due dates and scores / 我的待办', tags: ['inbox'] })
  inbox(@CurrentPrincipal() principal: Principal) {
    return this.tasks.inbox(principal);
  }

  @Get('tasks/:id')
  @RequirePermission(Permission.TasksWork)
  @ApiOperation({
    summary: 'A task with its score and trace / 任务详情（含成绩与计算过程）',
    tags: ['inbox'],
  })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @RequestLocale() locale: Locale) {
    return this.tasks.get(id, principal, locale);
  }

  @Post('tasks/:id/complete')
  @HttpCode(200)
  @RequirePermission(Permission.TasksWork)
  @ApiOperation({
    summary: 'Submit a form, or approve / return / reject with a comment / 提交、通过、退回或驳回',
    tags: ['inbox'],
  })
  complete(
    @Param('id') id: string,
    @ValidBody(completeTaskSchema) body: CompleteTask,
    @CurrentPrincipal() principal: Principal,
    @RequestLocale() locale: Locale,
  ) {
    return this.tasks.complete(id, body, principal, locale);
  }

  @Post('tasks/:id/delegate')
  @HttpCode(200)
  @RequirePermission(Permission.TasksWork)
  @ApiOperation({ summary: 'Delegate a task to someone else / 转交任务', tags: ['inbox'] })
  delegate(
    @Param('id') id: string,
    @ValidBody(delegateTaskSchema) body: DelegateTask,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.tasks.delegate(id, body, principal);
  }

  @Get('my/reviews')
  @RequirePermission(Permission.TasksWork)
  @ApiOperation({ summary: "An account manager's own reviews / 我的考核", tags: ['inbox'] })
  mine(@CurrentPrincipal() principal: Principal) {
    return this.tasks.mine(principal);
  }

  @Get('workflow-instances/:id')
  @RequirePermission(Permission.TasksWork)
  @ApiOperation({ summary: 'A review instance: history, tasks, scorecards / 考核流程详情', tags: ['inbox'] })
  instance(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.tasks.instance(id, principal);
  }

  @Get('notifications')
  @RequirePermission(Permission.NotificationsRead)
  @ApiOperation({ summary: 'My notifications / 我的通知', tags: ['inbox'] })
  myNotifications(@CurrentPrincipal() principal: Principal) {
    return this.notifications.mine(principal);
  }
}
