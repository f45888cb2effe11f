// Prints one closing line for the whole run from the JSON reports of jest, newman, the fuzzer and the
// fault-injection and outage runs:
// "tests: N passed, N failed" (newman assertions count as tests).
const fs = require('node:fs');
let passed = 0, failed = 0, skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) { failed += 1; console.log(`missing report ${file}`); continue; }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof r.cases === 'number' && typeof r.server_errors === 'number') {
    // schemathesis (scripts/fuzz.sh): each generated case is a check
    const bad = r.server_errors + (r.schema_violations || 0);
    passed += r.cases - bad;
    failed += bad;
    continue;
  }
  if (r.invariants) {
    // fault injection and outages (bench/faults.js, bench/outage.js): each invariant is a check
    for (const v of Object.values(r.invariants)) (v.violations > 0 ? (failed += 1) : (passed += 1));
    continue;
  }
  if (r.run && r.run.stats) {
    const a = r.run.stats.assertions;
    passed += a.total - a.failed;
    failed += a.failed + (r.run.failures || []).filter((f) => !f.error || f.error.name !== 'AssertionError').length;
    continue;
  }
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  skipped += r.numPendingTests + (r.numTodoTests || 0);
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
