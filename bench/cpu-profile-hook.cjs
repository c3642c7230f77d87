/**
 * Preloaded into the service by the bench when profiling (`node -r ./bench/cpu-profile-hook.cjs`,
 * with an IPC channel): the message 'cpu-profile:start' starts V8's CPU profiler,
 * 'cpu-profile:stop' stops it, writes $BENCH_PROFILE_FILE (a .cpuprofile for Chrome DevTools or
 * bench/profile-summary.ts) and answers 'cpu-profile:written'. Not signals: Nest's shutdown hooks
 * treat SIGUSR2 (and the other usual ones) as "shut down".
 */
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');

const file = process.env.BENCH_PROFILE_FILE;
if (file && typeof process.send === 'function') {
  const session = new inspector.Session();
  session.connect();
  process.on('message', (message) => {
    if (message === 'cpu-profile:start') {
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 500 }, () =>
          session.post('Profiler.start', () => process.send('cpu-profile:started')),
        ),
      );
    } else if (message === 'cpu-profile:stop') {
      session.post('Profiler.stop', (err, result) => {
        if (!err) fs.writeFileSync(file, JSON.stringify(result.profile));
        process.send(err ? 'cpu-profile:failed' : 'cpu-profile:written');
      });
    }
  });
  // The IPC channel must not keep a stopped service alive.
  process.channel?.unref();
}
