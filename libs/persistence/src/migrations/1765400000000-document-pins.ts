import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A published version records the published versions of other documents it was checked against (a
 * scorecard template: its base templates and the KPIs it weighs), so scoring with it always uses exactly
 * those. Versions published before keep null: they were checked against the built-in library alone.
 */
export class DocumentPins1765400000000 implements MigrationInterface {
  name = 'DocumentPins1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A plain ADD COLUMN on both drivers (TypeORM's addColumn rebuilds the table on SQLite).
    await queryRunner.query('ALTER TABLE document_versions ADD COLUMN pins text NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('document_versions', 'pins');
  }
}
