/**
 * Preloaded into the bot process by process.e2e.test.ts (never by the bot itself): on SIGUSR2 the process
 * fails the way a bug would, with an uncaught exception or, when LECTERN_TEST_CRASH=rejection, an unhandled
 * rejection, so the test sees what the bot's own crash handling does with it.
 */
process.on('SIGUSR2', () => {
  if (process.env.LECTERN_TEST_CRASH === 'rejection') {
    Promise.reject(new Error('test fault: a promise nobody awaited'));
    return;
  }
  throw new Error('test fault: a throw nobody caught');
});
