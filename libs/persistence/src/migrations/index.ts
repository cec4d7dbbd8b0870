import { InitialDirectory1764200000000 } from './1764200000000-initial-directory';
import { Security1764300000000 } from './1764300000000-security';
import { Webhooks1764400000000 } from './1764400000000-webhooks';
import { Idempotency1764350000000 } from './1764350000000-idempotency';
import { AccountTargets1764450000000 } from './1764450000000-account-targets';
import { Connectors1764500000000 } from './1764500000000-connectors';
import { Documents1764600000000 } from './1764600000000-documents';
import { ContributionSplits1764700000000 } from './1764700000000-contribution-splits';
import { Adjustments1764800000000 } from './1764800000000-adjustments';
import { Workflows1764900000000 } from './1764900000000-workflows';
import { Surveys1765000000000 } from './1765000000000-surveys';
import { Dashboards1765100000000 } from './1765100000000-dashboards';
import { ScorecardTemplates1765200000000 } from './1765200000000-scorecard-templates';
import { DashboardReads1765300000000 } from './1765300000000-dashboard-reads';
import { DocumentPins1765400000000 } from './1765400000000-document-pins';
import { ScorecardCompression1765500000000 } from './1765500000000-scorecard-compression';
import { ScorecardDefinitions1765600000000 } from './1765600000000-scorecard-definitions';

/** Every migration, in order. A new migration is a new file here; a landed one is never edited. */
export const MIGRATIONS = [
  InitialDirectory1764200000000,
  Security1764300000000,
  Idempotency1764350000000,
  Webhooks1764400000000,
  AccountTargets1764450000000,
  Connectors1764500000000,
  Documents1764600000000,
  ContributionSplits1764700000000,
  Adjustments1764800000000,
  Workflows1764900000000,
  Surveys1765000000000,
  Dashboards1765100000000,
  ScorecardTemplates1765200000000,
  DashboardReads1765300000000,
  DocumentPins1765400000000,
  ScorecardCompression1765500000000,
  ScorecardDefinitions1765600000000,
];
