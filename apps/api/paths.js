// Resolves the @keyscore/* path aliases of tsconfig.json against the compiled tree in dist/ at run time
// (tsc does not rewrite aliases). Loaded with `node -r ./apps/api/paths.js`.
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');

tsconfigPaths.register({
  baseUrl: path.join(__dirname, '..', '..', 'dist'),
  paths: { '@keyscore/*': ['libs/*/src'] },
});
