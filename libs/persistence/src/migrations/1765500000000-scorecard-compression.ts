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
    // PostgreSQL 14 or later built with lz4 (Debian's and the official images are); others keep pglz.
    const [{ lz4 }]: { lz4: boolean }[] = await queryRunner.query(
      `SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'
         AND 'lz4' = ANY (enumvals)) AS lz4`,
    );
    if (!lz4) return;
    await queryRunner.query('ALTER TABLE cycle_scores ALTER COLUMN scorecard SET COMPRESSION lz4');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    const [{ version }]: { version: string }[] = await queryRunner.query(
      "SELECT current_setting('server_version_num') AS version",
    );
    if (Number(version) < 140000) return;
    await queryRunner.query('ALTER TABLE cycle_scores ALTER COLUMN scorecard SET COMPRESSION DEFAULT');
  }
}
