export { describeIfAvailable, type Requirement } from './describe-if-available.js';
export { describeWithOracle } from './describe-oracle.js';
export {
  FIXTURES_DIR,
  type FixtureFile,
  type FixtureManifest,
  fixturePath,
  readFixtureManifest,
  readFixtureNpy,
  type TinySpec,
} from './fixtures.js';
export { type MeasuredRun, reportMeasuredRun, runMeasuredChild } from './measured-child.js';
export { type NpyArray, readNpy } from './npy.js';
export {
  ORACLE_PYTHON,
  ORACLE_SCRIPT,
  type OracleStatus,
  type OracleVersions,
  oracleRequired,
  oracleStatus,
  runOracle,
} from './oracle.js';
