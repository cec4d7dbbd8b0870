export * from './builtin-metrics';
export * from './demo-workspace';
export * from './demo-quarters';
export * from './workspace-bootstrap.service';
export * from './workspace.module';
