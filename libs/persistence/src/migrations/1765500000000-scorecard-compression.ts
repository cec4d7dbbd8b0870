import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL compresses stored scorecards (about 11 KB of JSON each, trace included) with lz4 instead of
 * the default pglz: storing a cycle's scores spent most of its database time compressing them. Only rows
 * written afterwards are compressed with lz4; older ones stay readable as they are. SQLite does not
 * compress, so there is nothing to do there.
 */
export class ScorecardCompression1765500000000 implements MigrationInterface {
  name = 'ScorecardCompression1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('ALTER TABLE cycle_scores ALTER COLUMN scorecard SET COMPRESSION lz4');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('ALTER TABLE cycle_scores ALTER COLUMN scorecard SET COMPRESSION DEFAULT');
  }
}
