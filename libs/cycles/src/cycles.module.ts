import { Module } from '@nestjs/common';
import { DirectoryModule } from '@keyscore/directory';
import { DocumentsModule } from '@keyscore/documents';
import { ScorecardsModule } from '@keyscore/scorecards';
import { AssigneeDirectory } from './assignee-directory.service';
import { CalibrationService } from './calibration.service';
import { ComputeScores } from './compute-scores.service';
import { CyclesController } from './cycles.controller';
import { CyclesRepository } from './cycles.repository';
import { CyclesService } from './cycles.service';
import { DemoCycles } from './demo-cycles.service';
import { DisputesService } from './disputes.service';
import { EffectDispatcher } from './effect-dispatcher.service';
import { NOTIFICATION_CHANNEL } from './notification-channel';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { TaskForms } from './task-forms.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';
import { WebhookNotificationChannel } from './webhook-notification.channel';
import { WorkflowClock } from './workflow-clock';
import { WorkflowDefinitions } from './workflow-definitions.service';
import { WorkflowJobs } from './workflow.jobs';
import { WorkflowReconciler } from './workflow-reconciler.service';
import { WorkflowRepository } from './workflow.repository';
import { WorkflowsController } from './workflows.controller';
import { WorkflowRuntime } from './workflow-runtime.service';

/** Review cycles, the workflow runtime (instances, tasks, outbox, jobs), the inbox and notifications. */
@Module({
  imports: [DirectoryModule, DocumentsModule, ScorecardsModule],
  controllers: [CyclesController, TasksController, WorkflowsController],
  providers: [
    WorkflowClock,
    WorkflowRepository,
    WorkflowDefinitions,
    AssigneeDirectory,
    EffectDispatcher,
    WorkflowRuntime,
    ComputeScores,
    WorkflowJobs,
    CyclesRepository,
    CyclesService,
    DisputesService,
    CalibrationService,
    DemoCycles,
    TaskForms,
    TasksService,
    NotificationsRepository,
    NotificationsService,
    { provide: NOTIFICATION_CHANNEL, useClass: WebhookNotificationChannel },
  ],
  exports: [
    EffectDispatcher,
    DemoCycles,
    CyclesService,
    WorkflowRuntime,
    WorkflowDefinitions,
    WorkflowRepository,
    WorkflowClock,
    WorkflowJobs,
    TasksService,
  ],
})
export class CyclesModule {}

/** The reconciler runs only where jobs are consumed (the worker, or `npm start` with both). */
@Module({ imports: [CyclesModule], providers: [WorkflowReconciler] })
export class WorkflowReconcilerModule {}
