export * from './core-modules';
export * from './prepare-runtime';
export * from './graceful-shutdown';
