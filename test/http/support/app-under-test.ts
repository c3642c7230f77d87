import { RunningApp, startApp } from '../../support/start-app';
import { ApiClient } from './api-client';

/** Boots the whole service once for a suite (real database and broker) and closes it after. */
export function appUnderTest(): { api: () => ApiClient; app: () => RunningApp } {
  let running: RunningApp | undefined;
  let client: ApiClient | undefined;
  beforeAll(async () => {
    running = await startApp();
    client = new ApiClient(running.baseUrl);
  });
  afterAll(async () => {
    await running?.close();
  });
  return {
    api: () => client as ApiClient,
    app: () => running as RunningApp,
  };
}
