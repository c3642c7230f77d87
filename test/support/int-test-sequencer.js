// Integration suites share one broker: the suite that stops and restarts it runs last, so no
// other suite meets a broker that is still electing coordinators.
const Sequencer = require('@jest/test-sequencer').default;

const LAST = /health-and-metrics\.int-spec\.ts$/;

class IntTestSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort(
      (a, b) => Number(LAST.test(a.path)) - Number(LAST.test(b.path)) || a.path.localeCompare(b.path),
    );
  }
}

module.exports = IntTestSequencer;
