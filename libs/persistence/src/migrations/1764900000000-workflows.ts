import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, timestampColumn, varchar } from './migration-columns';

/** Review cycles, workflow instances with their tasks and effect outbox, cycle scores and notifications. */
export class Workflows1764900000000 implements MigrationInterface {
  name = 'Workflows1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const version = { name: 'version', type: 'integer', default: 1 };
    await queryRunner.createTable(
      new Table({
        name: 'review_cycles',
        columns: [
          idColumn,
          varchar('name', 200),
          varchar('period', 16),
          varchar('workflow_key', 64),
          { name: 'workflow_version', type: 'integer' },
          varchar('granularity', 16),
          { name: 'scope', type: 'text' },
          varchar('status', 16),
          varchar('created_by', 64, { isNullable: true }),
          timestampColumn('created_at'),
          timestampColumn('launched_at', true),
          timestampColumn('closed_at', true),
          version,
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'workflow_instances',
        columns: [
          idColumn,
          varchar('cycle_id', 36, { isNullable: true }),
          varchar('workflow_key', 64),
          { name: 'workflow_version', type: 'integer' },
          varchar('subject_type', 32),
          varchar('subject_id', 36),
          varchar('manager_person_id', 36, { isNullable: true }),
          varchar('period', 16, { isNullable: true }),
          { name: 'state', type: 'text' },
          varchar('status', 16),
          varchar('stage', 400),
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
          timestampColumn('ended_at', true),
          version,
        ],
        indices: [
          new TableIndex({ name: 'ix_workflow_instances_cycle', columnNames: ['cycle_id', 'status'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'workflow_tasks',
        columns: [
          idColumn,
          varchar('instance_id', 36),
          varchar('task_key', 100),
          varchar('step_id', 64),
          varchar('kind', 16),
          varchar('assignee_user_id', 64),
          { name: 'title', type: 'text' },
          varchar('status', 16),
          varchar('outcome', 16, { isNullable: true }),
          { name: 'comment', type: 'text', isNullable: true },
          { name: 'form', type: 'text', isNullable: true },
          timestampColumn('due_at', true),
          timestampColumn('created_at'),
          timestampColumn('completed_at', true),
          varchar('completed_by', 64, { isNullable: true }),
          version,
        ],
        indices: [
          new TableIndex({
            name: 'uq_workflow_tasks_key',
            columnNames: ['instance_id', 'task_key'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_workflow_tasks_assignee', columnNames: ['assignee_user_id', 'status'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'workflow_effects',
        columns: [
          varchar('id', 200, { isPrimary: true }),
          varchar('instance_id', 36),
          varchar('type', 32),
          { name: 'payload', type: 'text' },
          varchar('status', 16),
          timestampColumn('run_at', true),
          timestampColumn('created_at'),
          timestampColumn('done_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_workflow_effects_pending', columnNames: ['status', 'type'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cycle_scores',
        columns: [
          idColumn,
          varchar('cycle_id', 36),
          varchar('instance_id', 36),
          varchar('account_id', 36),
          varchar('period', 16),
          { name: 'score', type: 'double precision', isNullable: true },
          varchar('rating', 8, { isNullable: true }),
          { name: 'coverage', type: 'double precision', isNullable: true },
          { name: 'scorecard', type: 'text' },
          timestampColumn('computed_at'),
          timestampColumn('locked_at', true),
          version,
        ],
        indices: [
          new TableIndex({
            name: 'uq_cycle_scores_account',
            columnNames: ['cycle_id', 'account_id'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          varchar('id', 200, { isPrimary: true }),
          varchar('instance_id', 36, { isNullable: true }),
          { name: 'recipients', type: 'text' },
          { name: 'subject', type: 'text' },
          { name: 'body', type: 'text' },
          varchar('status', 16),
          { name: 'attempts', type: 'integer', default: 0 },
          timestampColumn('created_at'),
          timestampColumn('sent_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_notifications_status', columnNames: ['status'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'notifications',
      'cycle_scores',
      'workflow_effects',
      'workflow_tasks',
      'workflow_instances',
      'review_cycles',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
